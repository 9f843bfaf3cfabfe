// dpor explores one execution per Mazurkiewicz trace: the published trace counts of the
// classic benchmarks, none of them cut short as redundant, and far fewer than dfs.
#include <lockstep/gtest.hpp>

namespace lockstep {
namespace {

RunResult explore(std::string_view model, const Params& params, std::string strategy = "dpor") {
  return testing::run_model(model, params, {.strategy = std::move(strategy)});
}

void expect_traces(std::string_view model, const Params& params, std::uint64_t traces) {
  const RunResult r = explore(model, params);
  EXPECT_EQ(r.verdict, Verdict::pass) << model;
  EXPECT_EQ(r.executions, traces) << model;
  EXPECT_EQ(r.redundant, 0u) << model;
}

TEST(Dpor, IsTheDefaultStrategy) { EXPECT_EQ(RunOptions{}.strategy, "dpor"); }

// lastzero(n), Abdulla et al. POPL'14, Table 1: 28 traces for n = 4, 64 for n = 5.
TEST(Dpor, LastzeroMatchesThePaper) {
  expect_traces("bench/lastzero", {{"n", 4}}, 28);
  expect_traces("bench/lastzero", {{"n", 5}}, 64);
}

// indexer(12) and filesystem(16), Flanagan & Godefroid POPL'05: 8 traces each (three pairs
// of threads collide on a slot, a block; each pair goes either way: 2^3).
TEST(Dpor, IndexerMatchesThePaper) { expect_traces("bench/indexer", {{"threads", 12}}, 8); }
TEST(Dpor, FilesystemMatchesThePaper) { expect_traces("bench/filesystem", {{"threads", 16}}, 8); }

// Below the collision threshold every thread touches its own slots or blocks: one trace.
TEST(Dpor, IndependentThreadsGiveOneTrace) {
  expect_traces("bench/indexer", {{"threads", 11}}, 1);
  expect_traces("bench/filesystem", {{"threads", 13}}, 1);
}

// readers(n): each reader loads before or after the one store: 2^n traces.
TEST(Dpor, ReadersMatchThePaper) {
  expect_traces("bench/readers", {{"readers", 2}}, 4);
  expect_traces("bench/readers", {{"readers", 3}}, 8);
}

// n lock-protected increments: the critical sections in any of n! orders.
TEST(Dpor, LockProtectedIncrementsGiveNFactorial) {
  std::uint64_t factorial = 1;
  for (int n = 1; n <= 5; ++n) {
    factorial *= static_cast<std::uint64_t>(n);
    expect_traces("bench/lock-increments", {{"threads", n}}, factorial);
  }
}

// dfs tries every interleaving of the lock operations of the critical sections and of the
// joins; dpor one per order of the critical sections.
TEST(Dpor, ExploresFewerExecutionsThanDfs) {
  const RunResult dfs = explore("bench/lock-increments", {{"threads", 4}}, "dfs");
  const RunResult dpor = explore("bench/lock-increments", {{"threads", 4}});
  EXPECT_EQ(dpor.executions, 24u);
  EXPECT_GT(dfs.executions, 24u * 10);
  EXPECT_EQ(dfs.verdict, Verdict::pass);
}

// wcas(n), GenMC's count: n * 2^(n-1) + 1 traces. A compare-exchange that fails only reads,
// pending ones included (its outcome is predicted from its expected value), so two failed
// ones commute in sleep sets and wakeup trees too (issue 18).
TEST(Dpor, CompareExchangeMatchesGenmc) {
  for (int n = 2; n <= 8; ++n) {
    expect_traces("bench/wcas", {{"n", n}}, static_cast<std::uint64_t>(n) * (1u << (n - 1)) + 1);
  }
}

// casrot(n), GenMC's counts for n = 2..8 (its tests/correct/synthetic/casrot, sequential
// consistency): thread i tries compare_exchange(i-1 -> i). Which of them succeed, and where
// in the chain each failed one read, makes the trace.
TEST(Dpor, CompareExchangeRotationMatchesGenmc) {
  const std::uint64_t genmc[] = {2, 5, 14, 43, 144, 523, 2048};
  for (int n = 2; n <= 8; ++n) expect_traces("bench/casrot", {{"n", n}}, genmc[n - 2]);
}

// Dining philosophers, forks as Locks (issue 18): no exploration cut short as redundant.
// Ordered, every run passes and there are 2^n - 2 traces (each pair of neighbours meets at
// their shared fork in one order or the other, less the two cyclic orders, which the global
// fork order rules out); naive, the deadlock is found with none redundant on the way.
TEST(Dpor, PhilosophersExploreNothingRedundant) {
  for (int n = 2; n <= 6; ++n) {
    expect_traces("bench/philosophers", {{"n", n}}, (1u << n) - 2);
    const RunResult naive = explore("bench/philosophers-naive", {{"n", n}});
    ASSERT_TRUE(naive.failure) << n;
    EXPECT_EQ(naive.failure->kind, FailureKind::deadlock) << n;
    EXPECT_EQ(naive.redundant, 0u) << n;
  }
}

// The seed bugs are found under dpor as under dfs.
TEST(Dpor, FindsTheSeedBugs) {
  EXPECT_MODEL_FAILS("seeds/condition", FailureKind::deadlock, {}, {.strategy = "dpor"});
  EXPECT_MODEL_FAILS("seeds/condition-skip", FailureKind::assertion, {}, {.strategy = "dpor"});
  EXPECT_MODEL_FAILS("seeds/condition-starve", FailureKind::deadlock, {}, {.strategy = "dpor"});
  EXPECT_MODEL_PASSES("seeds/condition-fixed", {{"consumers", 2}, {"items", 2}}, {.strategy = "dpor"});
}

// A joined thread whose last step is local (a yield, a sleep): the join waits for that step
// too, so the race before it is reversed and the bug found (issue 15). Each shape under
// every exhaustive strategy: the kind, both racing threads in the trace, and the token
// replays to the same failure.
TEST(Dpor, FindsBugsBeforeAJoinedThreadsLocalLastStep) {
  const std::pair<std::string_view, FailureKind> shapes[] = {
      {"test/dpor-join-yield-tail", FailureKind::assertion},
      {"test/dpor-join-sleep-race", FailureKind::data_race},
      {"test/dpor-join-try-acquire-tail", FailureKind::assertion},
      // the same class: the last step of the last non-daemon thread ends every daemon
      {"test/dpor-daemon-cut-short", FailureKind::assertion},
  };
  for (const auto& [model, kind] : shapes) {
    for (const char* strategy : {"dpor", "dfs", "bounded"}) {
      SCOPED_TRACE(std::string(model) + " under " + strategy);
      const RunResult r = explore(model, {}, strategy);
      ASSERT_TRUE(r.failure);
      EXPECT_EQ(r.failure->kind, kind);
      bool a = false;
      bool b = false;
      for (const TraceStep& s : r.failure->trace) {
        a = a || s.thread == "a";
        b = b || s.thread == "b";
      }
      EXPECT_TRUE(a && b) << "the trace names both threads";
      RunOptions replay{.strategy = "replay"};
      replay.token = r.failure->token;
      const RunResult again = testing::run_model(model, {}, replay);
      ASSERT_TRUE(again.failure);
      EXPECT_EQ(again.failure->kind, kind);
      EXPECT_EQ(again.failure->trace.size(), r.failure->trace.size());
    }
  }
}

// A daemon's step and the step that ends the last non-daemon thread do not commute: the
// end abandons the daemon where it stands. Each exhaustive strategy finds the run in which
// main ends before the daemon a stored, and its token replays.
TEST(Dpor, FindsTheEndBeforeADaemonsStep) {
  for (const char* strategy : {"dpor", "dfs", "bounded"}) {
    SCOPED_TRACE(strategy);
    const RunResult r = explore("test/dpor-daemon-never-runs", {}, strategy);
    ASSERT_TRUE(r.failure);
    EXPECT_EQ(r.failure->kind, FailureKind::assertion);
    EXPECT_EQ(r.failure->message, "main ended before daemon a ran");
    RunOptions replay{.strategy = "replay"};
    replay.token = r.failure->token;
    const RunResult again = testing::run_model("test/dpor-daemon-never-runs", {}, replay);
    ASSERT_TRUE(again.failure);
    EXPECT_EQ(again.failure->message, r.failure->message);
  }
}

}  // namespace
}  // namespace lockstep
