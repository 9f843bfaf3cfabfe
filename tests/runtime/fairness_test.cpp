// The fair scheduler (docs/semantics.md, Fairness): every step that makes no progress is a
// yield, under every exhaustive strategy. Correct polling loops pass with exploration
// complete and short executions; threads that can only poll are a livelock; the schedules
// fairness leaves out are explored on request (--unfair-polls).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "lockstep/gtest.hpp"
#include "lockstep/report.hpp"

namespace {

using namespace lockstep;
using lockstep::testing::run_model;

RunOptions with(const std::string& strategy, bool spurious = false, int unfair_polls = 0) {
  RunOptions o;
  o.strategy = strategy;
  o.spurious_wakeups = spurious;
  o.unfair_polls = unfair_polls;
  o.preemptions = 1000;  // bounded with a bound no schedule reaches: complete
  return o;
}

const std::vector<std::string> kStrategies = {"dfs", "dpor", "bounded"};

// Far below the step limit: a fair polling loop gives way once per step of the others.
constexpr std::uint64_t kShortExecution = 200;

void expect_passes_everywhere(const std::string& model, bool spurious = false, const Params& params = {}) {
  for (const std::string& s : kStrategies) {
    RunResult r = run_model(model, params, with(s, spurious));
    EXPECT_EQ(r.verdict, Verdict::pass) << model << " under " << s << "\n" << format_failure(r);
    EXPECT_FALSE(r.failure) << model << " under " << s;
    ASSERT_GT(r.executions, 0u);
    EXPECT_LT(r.steps / r.executions, kShortExecution) << model << " under " << s;
  }
}

class PollingLoop : public ::testing::TestWithParam<std::string> {};

TEST_P(PollingLoop, PassesUnderEveryExhaustiveStrategy) { expect_passes_everywhere(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Fair, PollingLoop,
                         ::testing::Values("fair/poll-sleep", "fair/poll-wait-timeout", "fair/poll-wait-zero",
                                           "fair/poll-process-wait", "fair/poll-event", "fair/poll-event-zero",
                                           "fair/poll-semaphore", "fair/poll-queue", "fair/poll-try-get",
                                           "fair/poll-process-queue", "fair/poll-try-lock", "fair/try-lock-spin",
                                           "fair/poll-join", "fair/poll-join-zero", "fair/poll-join-alive",
                                           "fair/poll-put", "fair/poll-shared-mutex",
                                           "fair/poll-latch"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(info.param.find('/') + 1);
                           for (char& c : name) c = c == '-' ? '_' : c;
                           return name;
                         });

// Each polling loop also explores its timeouts: more than one execution.
TEST(Fairness, TimeoutsAreStillExplored) {
  for (const char* model : {"fair/poll-wait-timeout", "fair/poll-event", "fair/poll-semaphore", "fair/poll-queue"}) {
    RunResult r = run_model(model, {}, with("dfs"));
    EXPECT_GT(r.executions, 2u) << model;
  }
}

// A join(timeout) that timed out waits in a sleep of its own (a poll in vain): the loops on
// it pass under dpor --jobs 2 as well, and a worker with two scheduling points is still
// joined at each of them (join(0) times out there, then sees the end).
TEST(Fairness, JoinPollsPassWithParallelDpor) {
  for (const char* model : {"fair/poll-join", "fair/poll-join-zero", "fair/poll-join-alive"}) {
    RunOptions o = with("dpor");
    o.jobs = 2;
    RunResult r = run_model(model, {}, o);
    EXPECT_EQ(r.verdict, Verdict::pass) << model << "\n" << format_failure(r);
  }
  EXPECT_GT(run_model("fair/poll-join-zero", {}, with("dfs")).executions, 2u);
}

TEST(Fairness, SpuriousWakeupsLetThePredicateLoopPass) {
  expect_passes_everywhere("fair/predicate-loop", true);
  for (const char* seed : {"seeds/condition-fixed", "seeds/mydata-fixed", "seeds/condition-process-fixed"}) {
    expect_passes_everywhere(seed, true);
  }
}

// Spurious wake-ups are still explored: an `if` instead of a `while` fails, and a loop can
// wake spuriously twice when the notifier moved in between.
TEST(Fairness, SpuriousWakeupsAreStillExplored) {
  for (const std::string& s : kStrategies) {
    EXPECT_MODEL_PASSES("fair/if-wait", {}, with(s));
    EXPECT_MODEL_FAILS("fair/if-wait", FailureKind::assertion, {}, with(s, true));
    EXPECT_MODEL_PASSES("fair/two-spurious", {}, with(s));
    RunResult r = run_model("fair/two-spurious", {}, with(s, true));
    ASSERT_TRUE(r.failure) << s;
    EXPECT_EQ(r.failure->kind, FailureKind::assertion);
    int wakes = 0;
    for (const TraceStep& step : r.failure->trace) wakes += step.op.find("spuriously") != std::string::npos;
    EXPECT_EQ(wakes, 2) << format_failure(r);
  }
}

TEST(Fairness, ThreadsThatOnlyPollAreALivelock) {
  for (const char* model : {"fair/sleepers-livelock", "fair/waiters-livelock"}) {
    for (const std::string& s : kStrategies) {
      RunOptions o = with(s);
      o.max_steps = 3000;
      RunResult r = run_model(model, {}, o);
      ASSERT_TRUE(r.failure) << model << " under " << s;
      EXPECT_EQ(r.failure->kind, FailureKind::livelock) << model << " under " << s << ": " << r.failure->message;
      // Both threads keep polling in turn: neither is starved.
      std::set<std::string> movers;
      for (std::size_t i = r.failure->trace.size() - 100; i < r.failure->trace.size(); ++i) {
        movers.insert(r.failure->trace[i].thread);
      }
      EXPECT_EQ(movers, (std::set<std::string>{"a", "b"})) << model << " under " << s;
    }
  }
}

// The bug needs the waiter's timeout to fire twice while the setter could run: fairness
// leaves that schedule out, --unfair-polls 1 explores it, and its token replays.
TEST(Fairness, UnfairPollsFindABugThatNeedsTwoTimeoutsInARow) {
  for (const std::string& s : kStrategies) {
    EXPECT_MODEL_PASSES("fair/two-timeouts", {}, with(s));
    RunResult r = run_model("fair/two-timeouts", {}, with(s, false, 1));
    ASSERT_TRUE(r.failure) << s;
    EXPECT_EQ(r.failure->kind, FailureKind::assertion);
    int timeouts = 0;
    for (const TraceStep& step : r.failure->trace) {
      EXPECT_NE(step.thread, "setter") << "the setter never ran before the failure";
      timeouts += step.op.find("times out") != std::string::npos;
    }
    EXPECT_EQ(timeouts, 2) << format_failure(r);
    RunOptions replay;
    replay.strategy = "replay";
    replay.token = r.failure->token;
    RunResult again = run_model("fair/two-timeouts", {}, replay);
    ASSERT_TRUE(again.failure) << s;
    EXPECT_EQ(again.failure->kind, FailureKind::assertion);
    EXPECT_EQ(again.failure->trace.size(), r.failure->trace.size());
  }
}

// Unfair polls only add schedules: what the fair search finds stays found, and the polling
// loops still terminate.
TEST(Fairness, UnfairPollsStillTerminate) {
  for (const char* model : {"fair/poll-sleep", "fair/poll-wait-timeout", "fair/poll-try-lock"}) {
    RunResult fair = run_model(model, {}, with("dfs"));
    RunResult unfair = run_model(model, {}, with("dfs", false, 2));
    EXPECT_EQ(unfair.verdict, Verdict::pass) << model << "\n" << format_failure(unfair);
    EXPECT_GT(unfair.executions, fair.executions) << model;
  }
}

}  // namespace

// A long execution of is_alive() steps: every strategy reaches the step limit (dpor used to
// compare each new step with every earlier is_alive(), minutes for 100,000 steps).
TEST(Fairness, BusyLoopOnIsAliveReachesTheStepLimit) {
  for (const std::string& s : kStrategies) {
    RunResult r = run_model("fair/alive-spin", {}, with(s));
    ASSERT_TRUE(r.failure) << s;
    EXPECT_EQ(r.failure->kind, FailureKind::step_limit) << s;
    ASSERT_GT(r.failure->trace.size(), 1000u) << s;
    for (std::size_t i = r.failure->trace.size() - 100; i < r.failure->trace.size(); ++i) {
      EXPECT_EQ(r.failure->trace[i].thread, "main") << s;
    }
  }
}

// A starved waiter in a predicate loop could only wake spuriously, and nothing promises a
// spurious wake-up: that is the seed's deadlock, not a livelock of spurious wake-ups (a
// Condition, as a CondVar already was).
TEST(Fairness, SpuriousWakeupsDoNotHideALostWakeup) {
  for (const std::string& s : kStrategies) {
    RunResult r = run_model("seeds/condition-starve", {}, with(s, true));
    ASSERT_TRUE(r.failure) << s;
    EXPECT_EQ(r.failure->kind, FailureKind::deadlock) << s << ": " << r.failure->message;
    EXPECT_LT(r.failure->trace.size(), 100u) << s;
  }
}
