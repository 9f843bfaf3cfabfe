// The C++ primitives (SharedMutex, Latch, CondVar, Atomic's operations) and assume /
// atomically: semantics proven by the verdicts of tiny models (tests/models/
// cpp_primitives_models.cpp), trace words, and the primitives/cpp-* model pairs: each bug
// found with its kind, its threads in the trace and a token that replays it; each fix
// passing exhaustively under dpor and dfs.
#include <lockstep/gtest.hpp>

#include <fstream>
#include <ostream>
#include <string>

using lockstep::FailureKind;
using lockstep::RunOptions;
using lockstep::RunResult;
using lockstep::Verdict;
using lockstep::testing::run_model;

namespace {

bool trace_has(const RunResult& r, const std::string& thread, const std::string& op) {
  if (!r.failure) return false;
  for (const auto& s : r.failure->trace) {
    if (s.thread == thread && s.op == op) return true;
  }
  return false;
}

bool trace_has_thread(const RunResult& r, const std::string& thread) {
  for (const auto& s : r.failure->trace) {
    if (s.thread == thread) return true;
  }
  return false;
}

}  // namespace

TEST(SharedMutex, ReadersShareAndAWriterExcludesThem) {
  EXPECT_MODEL_PASSES("test/rw-readers-exclude-writer");
  EXPECT_MODEL_FAILS("test/rw-readers-overlap-reachable", FailureKind::assertion);
  EXPECT_MODEL_PASSES("test/rw-try");
}

TEST(SharedMutex, UpgradeAndUnlockingWhatYouDoNotOwnAreMisuse) {
  auto r = run_model("test/rw-upgrade-misuse");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::model_misuse);
  EXPECT_EQ(r.failure->message, "rw.lock(): the calling thread already owns it shared (undefined behaviour: no upgrade)");
  EXPECT_TRUE(trace_has(r, "main", "rw.lock_shared()")) << lockstep::format_failure(r);
  EXPECT_MODEL_FAILS("test/rw-unlock-unowned", FailureKind::model_misuse);
}

TEST(SharedMutex, UnlockSharedOrdersOnlyTheNextWriter) {
  EXPECT_MODEL_FAILS("test/rw-readers-not-ordered", FailureKind::data_race);
}

TEST(Latch, CountsDownAndTryWaitSeesZero) {
  EXPECT_MODEL_PASSES("test/latch-try-wait");
  EXPECT_MODEL_FAILS("test/latch-count-down-too-far", FailureKind::model_misuse);
}

TEST(CondVar, WakesSpuriouslyWithoutAnyFlag) {
  auto r = run_model("test/condvar-spurious-reachable");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::assertion);
  EXPECT_TRUE(trace_has(r, "main", "cv.wait() wakes up spuriously")) << lockstep::format_failure(r);
}

// Spurious wake-ups are possible, not promised: a wait that only one could end is a hang.
TEST(CondVar, AWaitOnlyASpuriousWakeUpCouldEndIsADeadlock) {
  auto r = run_model("test/condvar-alone-deadlocks", {}, RunOptions{.strategy = "dfs"});
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::deadlock);
  EXPECT_EQ(r.executions, 1u);  // the wait is the only way on, and it cannot be taken
  ASSERT_EQ(r.failure->blocked.size(), 1u);
  EXPECT_NE(r.failure->blocked[0].waits_for.find("only a spurious wake-up could end it"), std::string::npos)
      << lockstep::format_failure(r);
  // The classic it catches: the notify came before the wait (models/primitives/cpp_condvar.cpp).
  auto lost = run_model("primitives/cpp-condvar-lost-wakeup");
  ASSERT_TRUE(lost.failure);
  EXPECT_TRUE(trace_has(lost, "producer", "cv.notify_one() wakes 0 waiter(s)")) << lockstep::format_failure(lost);
  EXPECT_TRUE(trace_has(lost, "consumer", "cv.wait() blocks, releases lock")) << lockstep::format_failure(lost);
}

TEST(CondVar, WaitForReturnsEitherStatus) {
  auto r = run_model("test/condvar-timeout-reachable");
  ASSERT_TRUE(r.failure);
  EXPECT_TRUE(trace_has(r, "main", "cv.wait_for(5) reacquires lock -> cv_status::timeout"))
      << lockstep::format_failure(r);
  auto s = run_model("test/condvar-no-timeout-reachable");
  ASSERT_TRUE(s.failure);
  EXPECT_TRUE(trace_has(s, "main", "cv.wait_for woke spuriously (not a timeout)")) << lockstep::format_failure(s);
}

TEST(CondVar, NeedsTheLockToWaitButNotToNotify) {
  EXPECT_MODEL_FAILS("test/condvar-wait-unlocked", FailureKind::model_misuse);
  EXPECT_MODEL_PASSES("test/condvar-notify-wakes");
  EXPECT_MODEL_PASSES("test/condvar-notify-wakes", {}, RunOptions{.strategy = "dfs"});
}

TEST(AtomicOps, ComputeAsStdAtomic) { EXPECT_MODEL_PASSES("test/atomic-ops"); }

TEST(AtomicOps, CompareExchangeTraceShowsExpectedDesiredAndFound) {
  auto r = run_model("test/atomic-cas-trace");
  ASSERT_TRUE(r.failure);
  EXPECT_TRUE(trace_has(r, "main", "a.compare_exchange(expected 1, desired 2) -> false (was 3)"))
      << lockstep::format_failure(r);
  EXPECT_TRUE(trace_has(r, "main", "flag.store(true)")) << lockstep::format_failure(r);
}

TEST(Assume, PrunesWithoutFailingOrCounting) {
  auto r = run_model("test/assume-prunes", {}, RunOptions{.strategy = "dfs"});
  EXPECT_EQ(r.verdict, Verdict::pass);
  EXPECT_FALSE(r.failure);
  EXPECT_EQ(r.executions, 2u);  // choose() -> 0 and 2
  EXPECT_EQ(r.pruned, 1u);      // choose() -> 1
  EXPECT_NE(lockstep::format_summary(r).find("2 executions, 1 pruned by assume"), std::string::npos)
      << lockstep::format_summary(r);
}

TEST(Atomically, NoOtherThreadRunsInsideUnlessItBlocks) {
  for (const char* strategy : {"dfs", "dpor"}) {
    EXPECT_MODEL_PASSES("test/atomically-no-lost-update", {}, RunOptions{.strategy = strategy});
    EXPECT_MODEL_FAILS("test/atomically-lost-update-reachable", FailureKind::assertion, {},
                       RunOptions{.strategy = strategy});
    EXPECT_MODEL_PASSES("test/atomically-blocking", {}, RunOptions{.strategy = strategy});
  }
}

// ---- the primitives/cpp-* pairs ----

struct Bug {
  const char* model;
  FailureKind kind;
  std::vector<std::string> threads;  // each takes a step in the failing trace
};

// gtest would print the parameter's bytes, padding included (valgrind: uninitialised).
void PrintTo(const Bug& bug, std::ostream* os) { *os << bug.model; }

class CppPrimitiveBug : public ::testing::TestWithParam<Bug> {};

TEST_P(CppPrimitiveBug, FoundWithItsKindThreadsAndAReplayingToken) {
  const Bug& bug = GetParam();
  for (const char* strategy : {"dpor", "dfs"}) {
    auto r = run_model(bug.model, {}, RunOptions{.strategy = strategy});
    ASSERT_TRUE(r.failure) << bug.model << " " << strategy;
    EXPECT_EQ(r.failure->kind, bug.kind) << lockstep::format_failure(r);
    EXPECT_TRUE(r.as_expected);
    for (const auto& t : bug.threads) EXPECT_TRUE(trace_has_thread(r, t)) << t << "\n" << lockstep::format_failure(r);
    auto replayed = run_model(bug.model, {}, RunOptions{.strategy = "replay", .token = r.failure->token});
    ASSERT_TRUE(replayed.failure);
    EXPECT_EQ(replayed.failure->kind, r.failure->kind);
    EXPECT_EQ(replayed.failure->trace.size(), r.failure->trace.size());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Models, CppPrimitiveBug,
    ::testing::Values(Bug{"primitives/cpp-shared-mutex-upgrade", FailureKind::assertion, {"a", "b"}},
                      Bug{"primitives/cpp-latch-too-few", FailureKind::deadlock, {"main", "a", "b"}},
                      Bug{"primitives/cpp-shared-mutex-nested-read", FailureKind::model_misuse, {"reader"}},
                      Bug{"primitives/cpp-condvar-no-loop", FailureKind::assertion, {"consumer"}},
                      Bug{"primitives/cpp-condvar-lost-wakeup", FailureKind::deadlock, {"producer", "consumer"}},
                      Bug{"primitives/cpp-atomic-lost-update", FailureKind::assertion, {"a", "b"}},
                      Bug{"primitives/cpp-atomic-aba", FailureKind::assertion, {"t1", "t2"}},
                      Bug{"primitives/cpp-atomic-cas-weak", FailureKind::assertion, {"a", "b"}}));

class CppPrimitiveFix : public ::testing::TestWithParam<const char*> {};

TEST_P(CppPrimitiveFix, PassesExhaustivelyUnderDporAndDfs) {
  for (const char* strategy : {"dpor", "dfs"}) {
    auto r = run_model(GetParam(), {}, RunOptions{.strategy = strategy});
    EXPECT_EQ(r.verdict, Verdict::pass) << strategy << "\n" << lockstep::format_summary(r) << "\n"
                                        << lockstep::format_failure(r);
    EXPECT_GT(r.executions, 1u);
  }
}

INSTANTIATE_TEST_SUITE_P(Models, CppPrimitiveFix,
                         ::testing::Values("primitives/cpp-shared-mutex-upgrade-fixed",
                                           "primitives/cpp-shared-mutex-nested-read-fixed", "primitives/cpp-latch-fixed",
                                           "primitives/cpp-condvar-fixed", "primitives/cpp-condvar-lost-wakeup-fixed",
                                           "primitives/cpp-atomic-lost-update-fixed",
                                           "primitives/cpp-atomic-aba-fixed", "primitives/cpp-atomic-cas-weak-fixed"));

// The failure's location is the `throw` (a rethrow keeps it), not the thread's last step.
TEST(UncaughtException, IsReportedAtTheThrow) {
  // The throw's file:line is read from debug information (docs/semantics.md, "Failure kinds").
  if (!LOCKSTEP_TESTS_DEBUG_INFO) GTEST_SKIP() << "built without debug information";
  auto r = run_model("test/throw-site");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::uncaught_exception);
  std::ifstream source(std::string(LOCKSTEP_SOURCE_DIR) + "/tests/models/cpp_primitives_models.cpp");
  std::string text;
  int line = 0;
  int marked = 0;
  while (std::getline(source, text)) {
    ++line;
    if (text.find("// THROW-SITE") != std::string::npos) marked = line;
  }
  ASSERT_GT(marked, 0);
  EXPECT_EQ(r.failure->location, "tests/models/cpp_primitives_models.cpp:" + std::to_string(marked))
      << lockstep::format_failure(r);
}

TEST(Names, GivenInConstructorsShowInTheTrace) {
  auto r = run_model("test/names-in-constructors");
  ASSERT_TRUE(r.failure);
  for (const char* op : {"m.acquire()", "cv.notify() wakes 0 waiter(s)", "m.release()", "r.acquire()", "q.put(1)",
                         "s.acquire()", "e.set()", "flag.store(True)"}) {
    EXPECT_TRUE(trace_has(r, "main", op)) << op << "\n" << lockstep::format_failure(r);
  }
}
