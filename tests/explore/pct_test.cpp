// PCT: in every execution, a bug of depth d shows with probability at least 1/(n * k^(d-1))
// (n threads, k steps). Measured over many executions of one seeded run; the runs are
// deterministic, so the counts below are too. Like random, PCT is never a proof.
#include <gtest/gtest.h>

#include <string>

#include "explore/pct.hpp"
#include "fiber/fault_guard.hpp"
#include "lockstep/gtest.hpp"
#include "runtime/execution.hpp"

namespace lockstep {
namespace {

struct Hits {
  int failures = 0;
  int executions = 0;
  std::size_t threads = 0;
  std::size_t longest = 0;  // k
};

Hits run_pct(std::string_view name, int depth, int executions, std::uint64_t seed) {
  const ModelInfo* model = find_model(name);
  detail::StackPool stacks;
  detail::FaultGuard guard;
  detail::Execution execution(*model, {}, stacks);
  detail::PctStrategy pct(seed, depth);
  Hits h;
  for (; h.executions < executions && pct.next_execution(); ++h.executions) {
    const auto failure = execution.run(pct);
    h.failures += failure && failure->kind == FailureKind::assertion;
    h.threads = std::max<std::size_t>(h.threads, static_cast<std::size_t>(execution.thread_count()));
    h.longest = std::max(h.longest, execution.steps().size());
  }
  return h;
}

void expect_guarantee(std::string_view name, int depth) {
  const Hits h = run_pct(name, depth, 4000, 2026);
  double bound = 1.0 / static_cast<double>(h.threads);
  for (int i = 1; i < depth; ++i) bound /= static_cast<double>(h.longest);
  const double rate = static_cast<double>(h.failures) / h.executions;
  EXPECT_GE(rate, bound) << name << ": " << h.failures << " of " << h.executions << " executions, n = " << h.threads
                         << ", k = " << h.longest;
  ::testing::Test::RecordProperty(std::string(name) + " rate", std::to_string(rate));
  ::testing::Test::RecordProperty(std::string(name) + " guarantee", std::to_string(bound));
}

TEST(Pct, FindsADepthTwoBugAtLeastAsOftenAsItsGuarantee) { expect_guarantee("test/pct-depth-2", 2); }
TEST(Pct, FindsADepthThreeBugAtLeastAsOftenAsItsGuarantee) { expect_guarantee("test/pct-depth-3", 3); }

// With depth 1 there is no change point: one fixed priority order per execution, so the
// depth-3 bug (which needs b preempted between its loads) never shows.
TEST(Pct, DepthOneNeverPreemptsAThreadThatCanGoOn) {
  EXPECT_EQ(run_pct("test/pct-depth-3", 1, 500, 7).failures, 0);
}

TEST(Pct, IsBoundedByDefaultAndNeverAProof) {
  RunResult r = testing::run_model("seeds/condition-fixed", {}, {.strategy = "pct", .seed = 5});
  EXPECT_FALSE(r.failure);
  EXPECT_EQ(r.verdict, Verdict::incomplete);
  EXPECT_EQ(r.executions, 1000u);
  EXPECT_EQ(r.seed, 5u);
  EXPECT_EQ(r.pct_depth, 3);
}

TEST(Pct, AFailureComesWithItsSeedDepthAndAToken) {
  RunOptions options{.strategy = "pct", .seed = 11};
  options.pct_depth = 2;
  RunResult r = testing::run_model("test/pct-depth-2", {}, options);
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::assertion);
  const std::string text = format_failure(r);
  EXPECT_NE(text.find("found by: lockstep run test/pct-depth-2 --strategy pct --seed 11 --pct-depth 2"),
            std::string::npos)
      << text;
  RunResult again = testing::run_model("test/pct-depth-2", {}, options);
  EXPECT_EQ(again.executions, r.executions);  // the same seed walks the same executions
  RunOptions replay{.strategy = "replay"};
  replay.token = r.failure->token;
  RunResult replayed = testing::run_model("test/pct-depth-2", {}, replay);
  ASSERT_TRUE(replayed.failure);
  EXPECT_EQ(replayed.failure->kind, FailureKind::assertion);
}

TEST(Pct, RefusesDepthZero) {
  RunOptions options{.strategy = "pct"};
  options.pct_depth = 0;
  EXPECT_THROW(testing::run_model("seeds/condition-fixed", {}, options), InputError);
}

}  // namespace
}  // namespace lockstep
