// A daemon left running when the model body returns never runs model code again: the
// objects it shares with main are gone then (found by lockstep_difftest under the sanitizers:
// a daemon resumed at its Guard's release went on to lock a destroyed Condition). Nor does a
// thread that outlives a main an uncaught exception ended (lockstep_difftest, seed 2).
#include <lockstep/gtest.hpp>
#include <lockstep/lockstep.hpp>

#include <stdexcept>

using namespace lockstep;

namespace {

// Plain memory, outside every execution's objects: what the model saw, read by the test.
bool body_done = false;           // main took its last step
bool daemon_at_release = false;   // the daemon returned from wait() and has not released yet
bool daemon_at_join = false;      // the daemon's child finished its part; the daemon joins it next
int ended_with_daemon_at_release = 0;
int ended_with_daemon_at_join = 0;
int daemon_ran_after_body = 0;
bool thread_at_release = false;  // test/thread-outlives-a-throwing-main's t, as daemon_at_release

struct Leaves {};  // an exception of the model's own, caught by the daemon

// The daemon loops `with cv: cv.notify(); cv.wait()` on main's Condition. Main's notify may
// wake it, and it may re-acquire and stand at its Guard's release (a step in a destructor)
// when main's body ends and destroys the Condition. `leaves`: the daemon leaves the block by
// an exception it catches, so it stands there unwinding.
void daemon_loops_on_mains_condition(bool leaves) {
  body_done = false;
  daemon_at_release = false;
  Condition cv;
  Thread daemon(
      "d",
      [&cv, leaves] {
        for (;;) {
          try {
            Guard g = cv.lock();
            cv.notify();
            cv.wait(g);
            daemon_at_release = true;
            if (leaves) throw Leaves{};
          } catch (const Leaves&) {
          }
          daemon_at_release = false;
          if (body_done) ++daemon_ran_after_body;
        }
      },
      {.daemon = true});
  {
    Guard g = cv.lock();
    cv.notify();
  }
  this_thread::yield();  // a last step without the lock: the woken daemon may take it back first
  // After main's last step: nothing may run from here on but main's own return.
  body_done = true;
  if (daemon_at_release) ++ended_with_daemon_at_release;
}

LOCKSTEP_MODEL("test/daemon-outlives-the-body", "a daemon looping on main's Condition when main returns") {
  daemon_loops_on_mains_condition(false);
}
// Left out under AddressSanitizer: the exception the stopped daemon was unwinding is lost
// with its frames (docs/semantics.md), which LeakSanitizer reports in every test that
// explores this model.
#if !defined(__SANITIZE_ADDRESS__)
LOCKSTEP_MODEL("test/daemon-outlives-the-body-unwinding", "the same daemon leaving each `with` by an exception") {
  daemon_loops_on_mains_condition(true);
}
#endif

// The same with the other step a destructor takes: a Thread handle's join at the end of its
// scope. The daemon's child is no daemon: main waits for what it does, so the execution ends
// with the child finished and the daemon, maybe, standing at its join.
LOCKSTEP_MODEL("test/daemon-joins-past-the-body", "a daemon joining its child when main returns") {
  body_done = false;
  daemon_at_join = false;
  Event done;
  Thread daemon(
      "d",
      [&done] {
        {
          Thread child("c", [&done] { done.set(); });
          daemon_at_join = true;
        }
        daemon_at_join = false;
        if (body_done) ++daemon_ran_after_body;
        done.wait();
      },
      {.daemon = true});
  done.wait();
  body_done = true;
  if (daemon_at_join) ++ended_with_daemon_at_join;
}

// Explores `model` exhaustively under dfs and dpor: it passes, some executions end with the
// daemon at the step in question (*ended_at counts them), and in none does it go on.
void expect_daemon_stops(const char* model, int* ended_at) {
  for (const char* strategy : {"dfs", "dpor"}) {
    *ended_at = 0;
    daemon_ran_after_body = 0;
    RunOptions options;
    options.strategy = strategy;
    const RunResult r = lockstep::testing::run_model(model, {}, options);
    EXPECT_EQ(r.verdict, Verdict::pass) << model << ", " << strategy << "\n" << format_failure(r);
    EXPECT_FALSE(r.estimate) << model << ", " << strategy << ": exploration incomplete";
    EXPECT_GT(r.executions, 1u) << model << ", " << strategy;
    EXPECT_GT(*ended_at, 0) << model << ", " << strategy;
    EXPECT_EQ(daemon_ran_after_body, 0) << model << ", " << strategy;
  }
}
// Not a daemon: main, ended by an uncaught exception while t stands at its Guard's release,
// destroyed the Condition on its way out; the execution fails there and t is torn down.
LOCKSTEP_MODEL("test/thread-outlives-a-throwing-main", "main throws while t releases its Condition",
               expect::uncaught_exception) {
  body_done = false;
  thread_at_release = false;
  Condition cv;
  Thread t("t", [&cv] {
    {
      Guard g = cv.lock();
      cv.notify();
      thread_at_release = true;
    }
    thread_at_release = false;
    if (body_done) ++daemon_ran_after_body;
    Guard g = cv.lock();
  });
  this_thread::yield();
  if (!thread_at_release) return;  // t's handle joins it, the Condition still there
  body_done = true;
  throw std::runtime_error("main gives up");
}

}  // namespace

TEST(DaemonTeardown, ADaemonAtItsGuardsReleaseNeverRunsPastTheBody) {
  expect_daemon_stops("test/daemon-outlives-the-body", &ended_with_daemon_at_release);
}

#if !defined(__SANITIZE_ADDRESS__)
// Unwinding an exception of its own that it then catches, the daemon would go on as well.
TEST(DaemonTeardown, ADaemonUnwindingThroughItsGuardsReleaseNeverRunsPastTheBody) {
  expect_daemon_stops("test/daemon-outlives-the-body-unwinding", &ended_with_daemon_at_release);
}
#endif

TEST(DaemonTeardown, ADaemonAtAThreadsJoinAtExitNeverRunsPastTheBody) {
  expect_daemon_stops("test/daemon-joins-past-the-body", &ended_with_daemon_at_join);
}

TEST(DaemonTeardown, AThreadOutlivingAMainThatThrewNeverRunsPastIt) {
  for (const char* strategy : {"dfs", "dpor"}) {
    daemon_ran_after_body = 0;
    RunOptions options;
    options.strategy = strategy;
    const RunResult r = lockstep::testing::run_model("test/thread-outlives-a-throwing-main", {}, options);
    ASSERT_TRUE(r.failure) << strategy;
    EXPECT_EQ(r.failure->kind, FailureKind::uncaught_exception) << strategy;
    EXPECT_NE(r.failure->message.find("main gives up"), std::string::npos) << r.failure->message;
    EXPECT_EQ(daemon_ran_after_body, 0) << strategy;
  }
}
