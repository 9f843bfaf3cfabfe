// RunOptions::step_limit_cuts: an execution that reaches max_steps is cut, not failed, and
// exploration goes on; the verdict is then incomplete. For programs that never end.
#include <gtest/gtest.h>

#include "lockstep/lockstep.hpp"
#include "lockstep/run.hpp"

namespace {

using namespace lockstep;

// Two threads storing forever: every execution reaches any step limit.
void endless() {
  Atomic<int> x{0};
  auto body = [&x] {
    for (int i = 0;; ++i) x.store(i);
  };
  Thread a("a", body);
  Thread b("b", body);
}

// As endless(), but thread b checks that it never stores after thread a's 3rd store: a
// failure within a few steps in some executions, which a cut must not hide.
void endless_with_a_bug() {
  Atomic<int> x{0};
  Thread a("a", [&x] {
    for (int i = 0;; ++i) x.store(i);
  });
  Thread b("b", [&x] {
    for (;;) check(x.load() < 3, "a stored 3 times before b looked");
  });
}

const detail::ModelInfo kEndless{"test/endless", "", std::nullopt, endless, std::source_location::current()};
const detail::ModelInfo kBuggy{"test/endless-with-a-bug", "", std::nullopt, endless_with_a_bug,
                               std::source_location::current()};

TEST(StepLimitCut, CutsEachExecutionAndGoesOn) {
  for (const char* strategy : {"dfs", "dpor"}) {
    RunResult r = run(kEndless, {.strategy = strategy, .max_executions = 25, .max_steps = 20, .step_limit_cuts = true});
    EXPECT_FALSE(r.failure) << strategy << ": " << r.failure->message;
    EXPECT_EQ(r.verdict, Verdict::incomplete) << strategy;
    EXPECT_EQ(r.executions, 25u) << strategy;  // went on after every cut
  }
}

TEST(StepLimitCut, WithoutItTheLimitIsAFailure) {
  RunResult r = run(kEndless, {.strategy = "dfs", .max_steps = 20});
  ASSERT_TRUE(r.failure);
  EXPECT_TRUE(r.failure->kind == FailureKind::step_limit || r.failure->kind == FailureKind::livelock);
  EXPECT_EQ(r.executions, 1u);
}

TEST(StepLimitCut, AFailureWithinTheLimitIsStillFound) {
  RunResult r = run(kBuggy, {.strategy = "dfs", .max_steps = 30, .step_limit_cuts = true});
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::assertion);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_GT(r.executions, 1u);  // the first execution (a runs on) is cut, not failed
}

}  // namespace
