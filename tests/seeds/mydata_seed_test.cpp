// The MyData seed and the condition seed's process variant reach their declared verdicts;
// the isolating models show one bug each, and the corrected versions pass.
#include <lockstep/gtest.hpp>

#include <string>

using lockstep::FailureKind;
using lockstep::testing::run_model;

namespace {
// The values the consumer's `data.load()` steps returned, in order.
std::string loads(const lockstep::RunResult& r) {
  std::string out;
  for (const auto& s : r.failure->trace) {
    if (s.thread == "consumer" && s.op.rfind("data.load() -> ", 0) == 0) out += s.op.substr(15);
  }
  return out;
}
}  // namespace

TEST(MyDataSeed, AsWrittenLosesValues) {
  EXPECT_MODEL_FAILS("seeds/mydata", FailureKind::assertion);
  EXPECT_MODEL_FAILS("seeds/mydata", FailureKind::assertion, {{"items", 3}});
}

TEST(MyDataSeed, OverwriteTraceSkipsValueOne) {
  auto r = run_model("seeds/mydata-overwrite");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::assertion);
  EXPECT_EQ(loads(r), "2") << lockstep::format_failure(r);
}

TEST(MyDataSeed, ReadTwiceTraceReadsValueOneTwice) {
  auto r = run_model("seeds/mydata-read-twice");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::assertion);
  EXPECT_EQ(loads(r), "11") << lockstep::format_failure(r);
}

TEST(MyDataSeed, FixedPassesForOneToFourItems) {
  for (int items = 1; items <= 4; ++items) EXPECT_MODEL_PASSES("seeds/mydata-fixed", {{"items", items}});
}

TEST(ConditionProcessSeed, AsWrittenDeadlocks) { EXPECT_MODEL_FAILS("seeds/condition-process", FailureKind::deadlock); }

TEST(ConditionProcessSeed, Bug5ConsumerWaitsAfterTheOnlyNotify) {
  auto r = run_model("seeds/condition-process-empty-lies");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::deadlock);
  int notified = -1;
  int saw_empty = -1;
  for (const auto& s : r.failure->trace) {
    if (s.thread == "producer" && s.op == "cond.notify() releases 0 wake-up(s)") notified = s.step;
    if (s.thread == "c1" && s.op == "q.empty() -> True") saw_empty = s.step;
  }
  EXPECT_GT(notified, 0) << lockstep::format_failure(r);
  EXPECT_GT(saw_empty, notified) << lockstep::format_failure(r);
}

TEST(ConditionProcessSeed, FixedPasses) {
  EXPECT_MODEL_PASSES("seeds/condition-process-fixed", {{"consumers", 1}});
  EXPECT_MODEL_PASSES("seeds/condition-process-fixed", {{"consumers", 2}});
}
