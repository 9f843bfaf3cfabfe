// The GoogleTest helpers as a user's test sees them: a mismatch is a non-fatal failure at the
// line of the macro whose message reads like the CLI (what was expected, the summary, the
// trace, the replay line); an unknown model or parameter is such a failure too, not an exception.
#include <gtest/gtest-spi.h>

#include <string>

#include "lockstep/gtest.hpp"

namespace {

using lockstep::FailureKind;

// The failures `statement` reports, intercepted (EXPECT_NONFATAL_FAILURE checks one
// substring; these tests read the whole message and the reported line).
#define CAPTURE_FAILURES(results, statement)                                                          \
  do {                                                                                                \
    ::testing::ScopedFakeTestPartResultReporter reporter(                                             \
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &(results));     \
    statement;                                                                                        \
  } while (false)

TEST(GtestHelpers, PassesAndFailsAsDeclared) {
  EXPECT_MODEL_PASSES("seeds/condition-fixed");
  EXPECT_MODEL_PASSES("seeds/condition-fixed", {{"consumers", 1}, {"items", 1}});
  EXPECT_MODEL_FAILS("seeds/condition", FailureKind::deadlock);
  EXPECT_MODEL_FAILS("seeds/mydata", lockstep::expect::assertion);
}

TEST(GtestHelpers, WrongKindSaysWhatWasExpectedAndWhatHappened) {
  EXPECT_NONFATAL_FAILURE(EXPECT_MODEL_FAILS("seeds/condition", FailureKind::assertion),
                          "expected seeds/condition to fail with an assertion; it failed with a deadlock instead");
  EXPECT_NONFATAL_FAILURE(EXPECT_MODEL_FAILS("seeds/mydata", FailureKind::deadlock),
                          "expected seeds/mydata to fail with a deadlock; it failed with an assertion instead");
  EXPECT_NONFATAL_FAILURE(EXPECT_MODEL_FAILS("seeds/condition-fixed", FailureKind::deadlock),
                          "expected seeds/condition-fixed to fail with a deadlock; every execution passed");
}

TEST(GtestHelpers, FailureMessageIsTheCliReport) {
  ::testing::TestPartResultArray results;
  const int line = __LINE__ + 1;
  CAPTURE_FAILURES(results, EXPECT_MODEL_PASSES("seeds/condition"));
  ASSERT_EQ(results.size(), 1);
  const ::testing::TestPartResult& r = results.GetTestPartResult(0);
  EXPECT_TRUE(r.nonfatally_failed());
  EXPECT_EQ(r.line_number(), line);
  EXPECT_NE(std::string(r.file_name()).find("gtest_helpers_test.cpp"), std::string::npos) << r.file_name();
  const lockstep::RunResult run = lockstep::testing::run_model("seeds/condition");
  const std::string message = r.message();
  EXPECT_TRUE(message.starts_with("expected seeds/condition to pass\n")) << message;
  EXPECT_NE(message.find(lockstep::format_summary(run).substr(0, 40)), std::string::npos) << message;
  EXPECT_NE(message.find("  trace (19 steps):\n"), std::string::npos) << message;
  EXPECT_NE(message.find("cond.notify(2) wakes 2 waiter(s)"), std::string::npos) << message;
  EXPECT_NE(message.find("  blocked threads:\n"), std::string::npos) << message;
  // This program's models come from the target lockstep_add_runner(lockstep ...) was given.
  EXPECT_NE(message.find("\nlockstep replay seeds/condition " + run.failure->token), std::string::npos) << message;
  EXPECT_EQ(message.find("Value of:"), std::string::npos) << "no GoogleTest boilerplate around the report";
}

TEST(GtestHelpers, ReplayLineNamesTheRunner) {
  const auto result = lockstep::testing::ModelCheck{"my_checks"}.fails("seeds/condition", FailureKind::assertion);
  ASSERT_FALSE(result);
  EXPECT_NE(std::string(result.message()).find("\nmy_checks replay seeds/condition "), std::string::npos)
      << result.message();
}

TEST(GtestHelpers, UnknownModelIsAFailedAssertionAtTheCallersLine) {
  EXPECT_NONFATAL_FAILURE(EXPECT_MODEL_PASSES("no/such-model"), "lockstep: unknown model 'no/such-model'");
  EXPECT_NONFATAL_FAILURE(EXPECT_MODEL_FAILS("no/such-model", FailureKind::deadlock),
                          "lockstep: unknown model 'no/such-model'");
  ::testing::TestPartResultArray results;
  const int line = __LINE__ + 1;
  CAPTURE_FAILURES(results, EXPECT_MODEL_FAILS("no/such-model", FailureKind::deadlock));
  ASSERT_EQ(results.size(), 1);
  EXPECT_EQ(results.GetTestPartResult(0).line_number(), line);
}

// At namespace scope: EXPECT_*_FAILURE's statement may not name locals, and a braced list
// would split its macro arguments.
const lockstep::Params kTypo{{"itmes", 1}};
const lockstep::Params kUnknown{{"x", 1}};

TEST(GtestHelpers, UnknownParameterIsAFailedAssertion) {
  EXPECT_NONFATAL_FAILURE(EXPECT_MODEL_PASSES("seeds/condition-fixed", kTypo),
                          "lockstep: model seeds/condition-fixed has no parameter 'itmes'");
  EXPECT_FATAL_FAILURE(ASSERT_MODEL_FAILS("seeds/condition", FailureKind::deadlock, kUnknown),
                       "has no parameter 'x'");
}

}  // namespace
