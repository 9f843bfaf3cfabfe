// The condition-variable seed (thread variant): each bug found with the right kind and the
// right threads in its trace; the corrected model proven for several parameter sets.
#include <lockstep/gtest.hpp>

#include <algorithm>

using lockstep::FailureKind;
using lockstep::RunResult;
using lockstep::Verdict;
using lockstep::testing::run_model;

namespace {

bool has_step(const RunResult& r, std::string_view thread, std::string_view op) {
  return std::any_of(r.failure->trace.begin(), r.failure->trace.end(), [&](const auto& s) {
    return s.thread == thread && s.op.find(op) != std::string::npos;
  });
}

const lockstep::BlockedThread* blocked(const RunResult& r, std::string_view thread) {
  for (const auto& b : r.failure->blocked) {
    if (b.thread == thread) return &b;
  }
  return nullptr;
}

}  // namespace

TEST(ConditionSeed, FaithfulModelDeadlocksAsDeclared) {
  auto r = run_model("seeds/condition");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::deadlock);
  EXPECT_TRUE(r.as_expected);
  EXPECT_TRUE(has_step(r, "producer", "cond.notify(2)"));
  EXPECT_TRUE(has_step(r, "producer", "q.put(1)"));
  // Some consumer is stuck: in cond.wait() (bug 2) or in q.get() holding cond (bug 3).
  const auto* c1 = blocked(r, "c1");
  const auto* c2 = blocked(r, "c2");
  ASSERT_TRUE(c1 != nullptr || c2 != nullptr);
}

TEST(ConditionSeed, Bug1ConsumerSkipsTheLoopAndNeverTakesTheItem) {
  auto r = run_model("seeds/condition-skip");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::assertion);
  EXPECT_EQ(r.failure->message, "c1 took an item");
  EXPECT_TRUE(has_step(r, "c1", "q.empty() -> False"));
  EXPECT_FALSE(has_step(r, "c1", "wait"));
  EXPECT_FALSE(has_step(r, "c1", "q.get()"));
}

TEST(ConditionSeed, Bug2WokenConsumerTakesTheItemThenWaitsForever) {
  auto r = run_model("seeds/condition-wait-forever");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::deadlock);
  EXPECT_TRUE(has_step(r, "c1", "q.get() -> 1"));
  const auto* c1 = blocked(r, "c1");
  ASSERT_NE(c1, nullptr);
  EXPECT_NE(c1->waits_for.find("waits in cond.wait()"), std::string::npos) << c1->waits_for;
  EXPECT_EQ(blocked(r, "producer"), nullptr);  // the producer finished
}

TEST(ConditionSeed, Bug3SecondConsumerBlocksInGetHoldingTheLock) {
  auto r = run_model("seeds/condition-get-blocks");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::deadlock);
  EXPECT_TRUE(has_step(r, "producer", "cond.notify(2) wakes 2 waiter(s)"));
  const lockstep::BlockedThread* stuck = nullptr;
  for (const auto& b : r.failure->blocked) {
    if (b.waits_for.find("an item in q") != std::string::npos) stuck = &b;
  }
  ASSERT_NE(stuck, nullptr);
  EXPECT_TRUE(stuck->thread == "c1" || stuck->thread == "c2");
  EXPECT_EQ(stuck->holds, std::vector<std::string>{"cond"});
}

TEST(ConditionSeed, Bug4OneItemForTwoConsumersStarvesOne) {
  auto r = run_model("seeds/condition-starve");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::deadlock);
  int waiting = 0;
  for (const auto& b : r.failure->blocked) waiting += b.waits_for.find("waits in cond.wait()") != std::string::npos;
  EXPECT_EQ(waiting, 1);  // exactly one consumer starves; the other took the item
}

TEST(ConditionSeed, CorrectedModelPassesForEveryInterleaving) {
  for (int n = 1; n <= 3; ++n) {
    auto r = run_model("seeds/condition-fixed", {{"consumers", n}, {"items", n}});
    EXPECT_EQ(r.verdict, Verdict::pass) << n << " consumers\n" << lockstep::format_failure(r);
    EXPECT_GT(r.executions, 0u);
  }
}

TEST(ConditionSeed, CorrectedModelWithTooFewItemsShowsBug4) {
  EXPECT_MODEL_FAILS("seeds/condition-fixed", FailureKind::deadlock, {{"consumers", 2}, {"items", 1}});
}
