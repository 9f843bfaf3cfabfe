// Replaying tokens: every failing model in models/ replays to the same failure (kind,
// message, trace, blocked threads); choose() values replay; a model that behaves otherwise
// on replay is reported as nondeterministic, naming the step that differed.
#include <gtest/gtest.h>

#include <string>

#include "lockstep/gtest.hpp"
#include "report/token.hpp"

namespace {

using namespace lockstep;

RunResult replay(std::string_view model, const std::string& token) {
  RunOptions options;
  options.strategy = "replay";
  options.token = token;
  return run(*find_model(model), options);
}

void expect_same_failure(const Failure& replayed, const Failure& original) {
  EXPECT_EQ(replayed.kind, original.kind);
  EXPECT_EQ(replayed.message, original.message);
  EXPECT_EQ(replayed.location, original.location);
  ASSERT_EQ(replayed.trace.size(), original.trace.size());
  for (std::size_t i = 0; i < original.trace.size(); ++i) {
    EXPECT_EQ(replayed.trace[i].thread, original.trace[i].thread) << "step " << i + 1;
    EXPECT_EQ(replayed.trace[i].op, original.trace[i].op) << "step " << i + 1;
    EXPECT_EQ(replayed.trace[i].object, original.trace[i].object) << "step " << i + 1;
    EXPECT_EQ(replayed.trace[i].location, original.trace[i].location) << "step " << i + 1;
  }
  ASSERT_EQ(replayed.blocked.size(), original.blocked.size());
  for (std::size_t i = 0; i < original.blocked.size(); ++i) {
    EXPECT_EQ(replayed.blocked[i].waits_for, original.blocked[i].waits_for);
  }
}

TEST(Replay, EveryFailingModelReplaysToTheSameFailure) {
  int replayed = 0;
  for (const ModelInfo* model : models()) {
    if (std::string_view(model->location.file_name()).substr(0, 7) != "models/") continue;
    RunOptions options;
    options.time_limit_s = 2;
    RunResult original = run(*model, options);
    if (!original.failure) continue;
    SCOPED_TRACE(std::string(model->name));
    ASSERT_FALSE(original.failure->token.empty());
    RunResult again = replay(model->name, original.failure->token);
    ASSERT_TRUE(again.failure);
    expect_same_failure(*again.failure, *original.failure);
    EXPECT_EQ(again.failure->token, original.failure->token);
    EXPECT_EQ(again.params, original.params);
    EXPECT_EQ(again.executions, 1u);
    EXPECT_EQ(again.strategy, "replay");
    ++replayed;
  }
  EXPECT_GE(replayed, 8);  // seeds/condition*, seeds/mydata*: every demonstrated bug
}

TEST(Replay, ReplaysTheParametersRecordedInTheToken) {
  RunResult original = lockstep::testing::run_model("seeds/condition-fixed", {{"items", 1}});
  ASSERT_TRUE(original.failure);  // two consumers, one item: one starves
  RunResult again = replay("seeds/condition-fixed", original.failure->token);
  ASSERT_TRUE(again.failure);
  EXPECT_EQ(again.params, original.params);
  expect_same_failure(*again.failure, *original.failure);
}

TEST(Replay, ChooseValuesAreReplayed) {
  RunResult original = lockstep::testing::run_model("test/report/choose", {}, {.strategy = "dfs"});
  ASSERT_TRUE(original.failure);
  RunResult again = replay("test/report/choose", original.failure->token);
  ASSERT_TRUE(again.failure);
  expect_same_failure(*again.failure, *original.failure);
  EXPECT_EQ(again.failure->trace.front().op, "choose(3) -> 2");
}

TEST(Replay, ANondeterministicModelIsReportedAsSuch) {
  // Runs alternate between two behaviours; one of two replays sees the other one.
  RunResult original = lockstep::testing::run_model("test/report/nondeterministic", {}, {.strategy = "dfs"});
  ASSERT_TRUE(original.failure);
  bool diverged = false;
  for (int i = 0; i < 2; ++i) {
    RunResult again = replay("test/report/nondeterministic", original.failure->token);
    ASSERT_TRUE(again.failure);
    if (again.failure->kind != FailureKind::nondeterministic_model) continue;
    diverged = true;
    EXPECT_NE(again.failure->message.find("step #"), std::string::npos) << again.failure->message;
    EXPECT_NE(again.failure->message.find("is the model fully deterministic?"), std::string::npos);
    EXPECT_FALSE(again.as_expected);
  }
  EXPECT_TRUE(diverged);
}

TEST(Replay, AChangedScheduleDivergesAtTheStepThatDiffers) {
  RunResult original = lockstep::testing::run_model("seeds/condition-wait-forever");
  ASSERT_TRUE(original.failure);
  auto parsed = detail::decode_token(original.failure->token);
  ASSERT_TRUE(parsed.token);
  // The first pick (step #3, after main started c1 and producer) names a thread that does
  // not exist.
  detail::Token changed = *parsed.token;
  changed.choices[0].alternatives |= 1u << 5;
  changed.choices[0].chosen = 5;
  RunResult again = replay("seeds/condition-wait-forever", detail::encode_token(changed));
  ASSERT_TRUE(again.failure);
  EXPECT_EQ(again.failure->kind, FailureKind::nondeterministic_model);
  EXPECT_EQ(again.failure->message.rfind("step #3: the runnable threads are c1, producer but were c1, producer, thread #5", 0),
            0u)
      << again.failure->message;
  // Fewer choices than the model needs.
  detail::Token cut = *parsed.token;
  cut.choices.resize(3);
  again = replay("seeds/condition-wait-forever", detail::encode_token(cut));
  ASSERT_TRUE(again.failure);
  EXPECT_EQ(again.failure->kind, FailureKind::nondeterministic_model);
  EXPECT_NE(again.failure->message.find("the model goes on after the 3 recorded choices"), std::string::npos)
      << again.failure->message;
  // Another recorded failure kind.
  detail::Token other = *parsed.token;
  other.kind = FailureKind::assertion;
  again = replay("seeds/condition-wait-forever", detail::encode_token(other));
  ASSERT_TRUE(again.failure);
  EXPECT_EQ(again.failure->kind, FailureKind::nondeterministic_model);
  EXPECT_NE(again.failure->message.find("failed at step #14 with a deadlock"), std::string::npos)
      << again.failure->message;
  EXPECT_EQ(again.failure->trace.size(), 14u);
}

}  // namespace
