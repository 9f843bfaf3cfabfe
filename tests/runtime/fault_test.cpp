// Faults inside model code become failures with a trace; the checker keeps running.
#include <csignal>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>

#include <lockstep/gtest.hpp>

#include "cli/cli_runner.hpp"
#include "fiber/stack_pool.hpp"

using lockstep::FailureKind;
using lockstep::testing::run_model;

namespace {

// The number of memory mappings of this process.
int mapping_count() {
  std::ifstream maps("/proc/self/maps");
  int n = 0;
  for (std::string line; std::getline(maps, line);) ++n;
  return n;
}

// This process's resident memory in KiB (VmRSS of /proc/self/status).
long resident_kib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

}  // namespace

// Each crashed execution gives its fiber stack back to the pool: a model that crashes in
// every schedule, explored ten times (each time the exploration and the shortest-trace
// search crash again and again), maps no new memory after the first time. Before, every
// crash kept its 2.25 MiB mapping (stack and guard) for the life of the process.
TEST(Faults, CrashedStacksAreReusedSoMemoryStaysFlat) {
  const auto& pool = lockstep::detail::StackPool::of_this_thread();
  auto r = run_model("test/crash-every-schedule");
  const std::size_t mapped = pool.mapped();
  const int mappings = mapping_count();
  const long resident = resident_kib();
  std::uint64_t crashed = r.executions;
  for (int i = 1; i < 10; ++i) {
    r = run_model("test/crash-every-schedule");
    ASSERT_TRUE(r.failure);
    EXPECT_EQ(r.failure->kind, FailureKind::crash);
    EXPECT_EQ(r.failure->trace.back().thread, "a");
    crashed += r.executions;
    auto replayed = run_model("test/crash-every-schedule", {}, {.strategy = "replay", .token = r.failure->token});
    ASSERT_TRUE(replayed.failure);
    EXPECT_EQ(replayed.failure->kind, FailureKind::crash);
    EXPECT_TRUE(replayed.as_expected);
  }
  std::cout << "10 explorations, " << crashed << " crashed executions found (more crashed while the shortest "
            << "trace was searched): stacks mapped " << mapped << " -> " << pool.mapped() << " bytes, mappings "
            << mappings << " -> " << mapping_count() << ", VmRSS " << resident << " -> " << resident_kib() << " KiB\n";
  EXPECT_EQ(pool.mapped(), mapped);
  EXPECT_LE(mapping_count(), mappings + 2);
  EXPECT_LE(resident_kib(), resident + 1024);
}

// The same through the lockstep program: ten runs of it in one `run`, each reported.
TEST(Faults, ARunOfTenCrashingModelsReportsEachOne) {
  std::string args = "run";
  for (int i = 0; i < 10; ++i) args += " test/crash-every-schedule";
  auto o = lockstep::testing::lockstep_test_cli(args + " --quiet");
  EXPECT_EQ(o.status, 0) << o.output;
  std::size_t reported = 0;
  for (auto at = o.output.find("crash (as expected)"); at != std::string::npos;
       at = o.output.find("crash (as expected)", at + 1)) {
    ++reported;
  }
  EXPECT_EQ(reported, 10u) << o.output;
}

TEST(Faults, SegfaultIsACrashWithTheTraceUpToIt) {
  auto r = run_model("test/segfault");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::crash);
  EXPECT_NE(r.failure->message.find("thread b crashed: SEGV"), std::string::npos) << r.failure->message;
  ASSERT_FALSE(r.failure->trace.empty());
  EXPECT_EQ(r.failure->trace.back().thread, "b");
  EXPECT_EQ(r.failure->trace.back().op, "atomic1.load() -> 0");
}

TEST(Faults, AbortAndDivisionByZeroAreCrashes) {
  auto r = run_model("test/abort");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::crash);
  EXPECT_NE(r.failure->message.find("ABRT"), std::string::npos) << r.failure->message;
  r = run_model("test/divide-by-zero");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::crash);
  EXPECT_NE(r.failure->message.find("FPE"), std::string::npos) << r.failure->message;
}

TEST(Faults, StackOverflowHitsTheGuardPage) {
  auto r = run_model("test/stack-overflow");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::stack_overflow);
  EXPECT_NE(r.failure->message.find("thread a overflowed"), std::string::npos) << r.failure->message;
}

TEST(Faults, CheckerSurvivesRepeatedFaults) {
  for (int i = 0; i < 20; ++i) {
    EXPECT_MODEL_FAILS("test/segfault", FailureKind::crash);
    EXPECT_MODEL_FAILS("test/stack-overflow", FailureKind::stack_overflow);
  }
  EXPECT_MODEL_PASSES("seeds/condition-fixed");
}

TEST(Faults, CrashWhileUnwoundKeepsTheFailureFound) {
  auto r = run_model("test/crash-while-unwound");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::deadlock);
  EXPECT_GT(r.executions, 1u);  // a's fiber served an execution before
  EXPECT_MODEL_PASSES("seeds/condition-fixed");
}

TEST(Faults, CrashWhileThrowingLeavesNoExceptionInFlight) {
  auto r = run_model("test/crash-while-throwing");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::crash);
  EXPECT_EQ(std::uncaught_exceptions(), 0);
  EXPECT_MODEL_PASSES("test/exception-in-flight-stays-in-its-thread");
}

TEST(Faults, EndlessLoopWithoutStepsIsStoppedByTheWatchdog) {
  auto r = run_model("test/invisible-loop");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::step_limit);
  EXPECT_NE(r.failure->message.find("thread a ran for"), std::string::npos) << r.failure->message;
  EXPECT_MODEL_PASSES("seeds/condition-fixed");  // and the checker goes on
}

namespace {
volatile sig_atomic_t fpe_seen = 0;
void count_fpe(int) { fpe_seen = fpe_seen + 1; }
void ignore(int) {}
}  // namespace

// lockstep's handlers stay installed after an exploration. A test framework that installs
// its own fatal-signal handlers over them still gets the signals raised outside any
// execution, and the next exploration takes model faults back.
TEST(Faults, SignalsOutsideAnExecutionGoToTheProgramsOwnHandler) {
  EXPECT_MODEL_PASSES("seeds/condition-fixed");  // lockstep's handlers are in place
  struct sigaction own{};
  sigemptyset(&own.sa_mask);
  struct sigaction before_fpe{};
  struct sigaction before_segv{};
  own.sa_handler = count_fpe;
  ASSERT_EQ(::sigaction(SIGFPE, &own, &before_fpe), 0);
  own.sa_handler = ignore;
  ASSERT_EQ(::sigaction(SIGSEGV, &own, &before_segv), 0);
  fpe_seen = 0;
  auto r = run_model("test/divide-by-zero");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::crash);
  EXPECT_EQ(fpe_seen, 0);  // the model's fault was lockstep's alone
  ::raise(SIGFPE);         // outside any execution
  EXPECT_EQ(fpe_seen, 1);
  ::raise(SIGFPE);
  EXPECT_EQ(fpe_seen, 2);
  ::sigaction(SIGFPE, &before_fpe, nullptr);
  ::sigaction(SIGSEGV, &before_segv, nullptr);
}
