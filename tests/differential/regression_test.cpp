// Every divergence lockstep_difftest found, shrunk, kept: dfs, bounded dfs and dpor agree
// on each program, and its failing executions replay from their tokens.
#include <gtest/gtest.h>

#include "differential/agrees.hpp"

namespace lockstep::difftest {
namespace {


// t1's last step is local (the sleep of a poll that gave up), and only the join at the
// body's end waits for it: dpor ran one execution, missing the orders in which t1 loads a1
// after t2's compare_exchange (fixed on main: a join depends on every step it waits for).
TEST(DiffRegression, JoinAfterALocalLastStep) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::spawn, 2, 0}},
      {{Code::a_poll, 1, 1}},
      {{Code::a_compare_exchange, 1, 0}},
  }}));
}

// main waits on ev with a timeout while t1 yields, then sets ev. Woken only when t1 yields
// before main starts waiting (the fair scheduler then holds t1 back until main has moved):
// dpor, taking the yield for a local step, never ordered it before the wait.
TEST(DiffRegression, YieldBeforeATimedWait) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::ev_wait_timed, 0, 1}},
      {{Code::yield, 0, 0}, {Code::ev_set, 0, 0}},
  }}));
}

// main takes lock1 with acquire(false), fails a second acquire(false) and keeps the lock;
// t1 takes lock1 through cv1 = Condition(lock1). dpor raced t1's acquire only with main's
// failed try, whose reversal cannot run (main holds the lock), and never with the try that
// took the lock: it reported only the deadlock, never the runs where t1 goes first.
TEST(DiffRegression, AcquireRacesWithTheStepThatTookTheLock) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::lock_poll, 1, 1}, {Code::lock_try_acquire, 1, 0}},
      {{Code::q_size, 0, 0}, {Code::cv_enter, 1, 0}},
  }}));
}

// The same on each lock without a condition: the first try takes it, the second fails.
TEST(DiffRegression, AcquireRacesWithTheTryThatTookTheLock) {
  for (std::uint8_t lock : {0, 1, 2}) {  // lock0, lock1, rlock
    EXPECT_TRUE(agrees(Program{{
        {{Code::spawn, 1, 0}, {Code::lock_try_acquire, lock, 0}, {Code::lock_try_acquire, lock, 0}},
        {{Code::q_size, 0, 0}, {Code::lock_acquire, lock, 0}},
    }}));
  }
}

// main waits on cv1 = Condition(lock1) with a timeout; t1 (after two unrelated steps, or
// after notifying cv0 and spawning t2, which notifies) notifies cv1. dpor never ran the
// notify between main's wait and its re-acquire: a re-acquire of a lock the relation
// cannot name was not marked as starting a critical section, so races() reversed t1's
// acquire only with main's first acquire (fixed on main: a condition names its lock).
TEST(DiffRegression, NotifyBetweenAWaitOnALockAndItsReacquire) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::cv_wait_timed, 1, 1}},
      {{Code::cv_notify, 0, 1}, {Code::spawn, 2, 0}},
      {{Code::cv_notify, 1, 1}},
  }}));
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::cv_wait_timed, 1, 1}},
      {{Code::a_store, 0, 1}, {Code::a_store, 1, 1}, {Code::cv_notify, 1, 1}},
  }}));
}

// t1 yields, then starts t2 (whose first step races with main's) and goes on. The fair
// scheduler holds t1 back until main has moved, so t1's next step is not before main's:
// dpor's wakeup sequence held it anyway, could not be followed, and the order in which t2
// goes before main was never explored. Each shape as lockstep_difftest shrank it.
TEST(DiffRegression, AThreadStartedAfterAYield) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::a_store, 0, 1}},
      {{Code::yield, 0, 0}, {Code::spawn, 2, 0}, {Code::q_try_get, 0, 0}},
      {{Code::a_compare_exchange, 0, 0}},
  }}));
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::spawn, 2, 0}},
      {{Code::q_poll, 2, 1}},
      {{Code::yield, 0, 0}, {Code::spawn, 3, 0}, {Code::join, 3, 0}},
      {{Code::q_put, 2, 1}},
  }}));
}

// main takes and gives back sem1 twice; t1 takes it for good: the deadlock (t1 between
// main's two sections) was missed, t1's acquire raced only with main's last release.
TEST(DiffRegression, SemaphoreTakenBetweenTwoSections) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::sem_acquire, 0, 0}, {Code::sem_release, 0, 0}, {Code::spawn, 1, 0}, {Code::sem_acquire, 0, 0},
       {Code::sem_release, 0, 0}},
      {{Code::lock_acquire, 0, 0}, {Code::sem_acquire, 0, 0}},
  }}));
  // The same with a bounded queue: a get frees the slot a put of another thread waits for.
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::q_put, 1, 1}, {Code::q_get, 1, 0}, {Code::q_put, 1, 2}, {Code::q_get, 1, 0}},
      {{Code::lock_acquire, 0, 0}, {Code::q_put, 1, 3}},
  }}));
}

// t1 yields while main sleeps: main's sleep, a local step, is the move that lets t1 run
// again, so t1 may take cv0's lock before main does. dpor took the yield and the sleep for
// independent and saw only the deadlock.
TEST(DiffRegression, ASleepLetsAYielderGoFirst) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::sleep, 0, 1}, {Code::cv_enter, 0, 0}, {Code::join, 1, 0}},
      {{Code::yield, 0, 0}, {Code::cv_wait_for_timed, 0, 1}},
  }}));
}

// The tester's own bug, not dpor's: t2 joins t1 while main, at its end, destroys t1's
// handle. The interpreter then hid the handle from t2 (whose join was skipped), state the
// checker does not see, so dfs and dpor disagreed. Handles some step joins are now joined
// by main explicitly and kept (interpreter.cpp, body()).
TEST(DiffRegression, HandleJoinedWhileMainEnds) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::spawn, 2, 0}, {Code::lock_try_acquire, 0, 0}},
      {{Code::ev_wait, 0, 0}},
      {{Code::ev_wait_timed, 0, 1}, {Code::join, 1, 0}, {Code::check, 0, 0}},
  }}));
}

// t1 races on s0 with t2 and fails its check as soon as main starts it. dfs also runs
// t2's load first, a data race; dpor, for which the failure and the Shared accesses are not
// events, ran one execution and reported only the assertion (fixed: a failure cut short
// execution branches to the threads that could have run instead, race_with_failure).
TEST(DiffRegression, DataRaceBehindAnAssertion) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 2, 0}, {Code::a_load, 0, 0}, {Code::spawn, 1, 0}},
      {{Code::s_increment, 0, 1}, {Code::check, 0, 0}},
      {{Code::sem_acquire, 0, 0}, {Code::s_load, 0, 0}},
  }}));
}

// t3 takes lock1 through cv1 = Condition(lock1), then joins t2, which needs lock1 to notify
// cv1: a deadlock when t3 goes first. A divergence of the tester, not of dpor: main's final
// drop of t2's handle (an invisible write) made t3 skip its join in some schedules.
TEST(DiffRegression, JoinWhileHoldingTheLockTheJoinedThreadNeeds) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 2, 0}, {Code::spawn, 1, 0}, {Code::spawn, 3, 0}},
      {},
      {{Code::cv_notify, 1, 1}},
      {{Code::cv_enter, 1, 0}, {Code::join, 2, 0}},
  }}));
}

// main's timed sem0.acquire succeeds only when t2, spawned by t1 after a yield, releases
// sem0 first.
TEST(DiffRegression, TimedAcquireAfterAYieldAndASpawn) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::sem_acquire_timed, 1, 1}},
      {{Code::yield, 0, 0}, {Code::spawn, 2, 0}, {Code::cv_notify_all, 0, 0}},
      {{Code::sem_release, 1, 0}},
  }}));
}

// t1 takes sem1 before t2 and never gives it back: a deadlock. t1's acquire came after
// t2's release, whose clock hides t2's acquire, the step to reverse it with.
TEST(DiffRegression, SemaphoreAcquireRacesWithTheAcquireBeforeARelease) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 2, 0}, {Code::spawn, 1, 0}},
      {{Code::q_put, 0, 1}, {Code::sem_acquire, 0, 0}},
      {{Code::sem_acquire, 0, 0}, {Code::sem_release, 0, 0}},
  }}));
}

// Two at_end invariants, both failing in every execution, registered in an order the
// schedule decides: dpor stopped at one of them in its one execution, dfs at both in turn.
// The same outcome: an at_end invariant fails.
TEST(DiffRegression, AtEndInvariantsInEitherOrder) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 2, 0}, {Code::a_exchange, 0, 2}, {Code::spawn, 1, 0}},
      {{Code::at_end, 0, 2}},
      {{Code::cv_wait_for_timed, 0, 1}, {Code::at_end, 1, 0}},
  }}));
}

// Under fairness a sleep is ordered against every step. t1's first pq.put starts the
// queue's feeder thread inside that step, with no spawn recorded: dpor took the feeder's
// first step for one that could run before main's sleep, and the wakeup branch it made for
// it there, where the feeder did not exist yet, hid the branch with t1's compare_exchange
// before main's first load.
TEST(DiffRegression, FeederStartedInsideAPutKnowsWhatItsProducerKnew) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::a_poll, 1, 2}},
      {{Code::a_compare_exchange, 1, 0}, {Code::q_put, 2, 1}},
  }}));
}

// t1's second timed get is held by the fair scheduler until main moves. Reversing it with
// t2's ev.set() needs main's try_get (which lets it run) first; dpor dropped the reversal
// because t1 was not enabled where set() ran, and never ran clear() before set() with main
// getting the item.
TEST(DiffRegression, HeldPollReversedAfterTheStepThatLetsItRun) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::spawn, 2, 0}, {Code::q_try_get, 2, 0}},
      {{Code::q_poll, 0, 2}, {Code::ev_clear, 0, 0}},
      {{Code::q_put, 2, 1}, {Code::ev_set, 0, 0}},
  }}));
}

// t2's compare_exchange_weak finds a0 as expected, so it may succeed or fail spuriously (a
// yield, which orders t1's timed wait before the CondVar wait). dpor must not take the pending
// weak CAS for a known success (a write only): it then missed the runs where it fails
// spuriously. Found by giving the prediction that licence on purpose.
TEST(DiffRegression, AWeakCompareExchangeIsPredictedOnlyToFail) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::spawn, 2, 0}},
      {{Code::ev_wait_timed, 0, 1}},
      {{Code::a_cas_weak, 0, 0}, {Code::cvar_wait, 0, 0}},
  }}));
}

// main's end abandons the daemon t1 where it stands; t1's timed Barrier.wait times out (and
// its BrokenBarrierError escapes) only when it runs before main's last step. dpor took
// main's last step for independent of t1's and never ran t1 there (fixed: the end of the
// last non-daemon thread cuts the daemons short, as a failure does: race_with_failure).
TEST(DiffRegression, DaemonCutShortByMainsEnd) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 1}},
      {{Code::bar_wait_timed, 0, -1}},
  }}));
}


// main asks is_alive(t1) while t1 waits in join(t3) and t3 waits on cv1 for t2's notify. t1
// is dead there only when t2, t3 and t1 all ran first; dpor raced main's is_alive with
// t1's join but dropped the reversal, the join being disabled at main's step (fixed:
// dropped only when no step that could have let it through comes between, reverse()).
TEST(DiffRegression, IsAliveOfAThreadWhoseJoinWasDisabled) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 2, 0}, {Code::spawn, 3, 0}, {Code::spawn, 1, 0}, {Code::is_alive, 1, 0}},
      {{Code::join, 3, 0}},
      {{Code::cv_notify, 1, 1}},
      {{Code::cv_wait, 1, 0}},
  }}));
}


// The tester's own bug: the daemon t1's observation, made before main's last step, was
// missing from the final state, which read what the threads observed before main's last
// steps (the final loads). The state now reads it after them.
TEST(DiffRegression, DaemonObservesBeforeMainsLastStep) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 1}, {Code::bar_reset, 0, 0}},
      {{Code::q_empty, 0, 0}},
  }}));
}


// The other side of DaemonCutShortByMainsEnd: the daemon t2's empty() ran before main's last
// step in dpor's one execution, and the schedule where main ends first (t2 never observes)
// was never explored: main's last step and t2's are independent for the relation (fixed:
// that step, which ended the execution, is dependent with every daemon step).
TEST(DiffRegression, MainsEndBeforeADaemonsStep) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 2, 1}, {Code::spawn, 1, 0}},
      {{Code::q_join, 0, 0}},
      {{Code::q_empty, 0, 0}},
  }}));
}


// The daemon t1 loads a0, then lets a ValueError escape (bsem released past its bound).
// dpor never ran main's last step between the two: an uncaught exception was not taken for
// a failure raised in a thread, so the execution it cut short did not branch to the threads
// that could have run instead (fixed: run_body marks it failed_in_thread, as fail() does).
TEST(DiffRegression, UncaughtExceptionCutsShortLikeAFailure) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 1}},
      {{Code::a_load, 0, 0}, {Code::sem_release_n, 2, -2}},
  }}));
}


// The tester's own bug: main's end dropped the handle of the daemon t3 (spawned by the
// daemon t2) while t2 could still ask it join(timeout): the step was skipped on state the
// checker does not see. Daemons' handles now stay until the World goes.
TEST(DiffRegression, DaemonJoinsItsDaemonChildWhileMainEnds) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}},
      {{Code::spawn, 2, 1}},
      {{Code::spawn, 3, 0}, {Code::sem_release_n, 0, -2}, {Code::join_timed, 3, 0}},
      {},
  }}));
}


// Two daemons (t2 started by the daemon t1) enabled when main ends: dpor branched at main's
// last step to t1's step and to t2's, and took the branch with t2 for covered by the one
// with t1 (their steps commute), so t2 never ran alone before the end (fixed: each branch
// is the daemon's step, then the end, which does not commute with the other daemon's step).
TEST(DiffRegression, EachDaemonAloneBeforeTheEnd) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 1}},
      {{Code::spawn, 2, 0}, {Code::a_compare_exchange, 0, 0}},
      {{Code::q_qsize, 0, 0}},
  }}));
}


// main stores s0, then asks q.size(); t1 asks q.size(), then loads s0. Each size() acquires
// and releases the queue (CPython's mutex), so in one order main's store happens before
// t1's load and in the other it races with it. dpor took the two queries for reads that
// commute and saw no race (fixed: a Queue's or an Event's query is dependent with another).
// The second shape is how lockstep_difftest found it: the daemon t1's flag store, ordered
// after main's final loads only through two lq.size() calls.
TEST(DiffRegression, QueriesThatSynchronizeDoNotCommute) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::s_store, 0, 1}, {Code::q_size, 0, 0}},
      {{Code::q_size, 0, 0}, {Code::s_load, 0, 0}},
  }}));
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::s_store, 0, 1}, {Code::ev_is_set, 0, 0}},
      {{Code::ev_is_set, 0, 0}, {Code::s_load, 0, 0}},
  }}));
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 1}},
      {{Code::q_size, 3, 0}, {Code::cv_notify_all, 0, 0}},
  }}));
}


// main asks t1.join(timeout=0), then joins t2; t1's last step is t3.join(timeout=0). dpor
// found the steps t1's join(timeout) depends on from each thread's latest step only (main's
// join of t2), missing main's join(timeout) of t1 before it: t1 was never seen finished
// (fixed: such a step also looks at the join(timeout)/is_alive() steps kept apart, seers_).
TEST(DiffRegression, JoinTimedOfAThreadWhoseLastStepIsAJoinTimed) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::spawn, 2, 0}, {Code::join_timed, 1, 0}, {Code::join, 2, 0}},
      {{Code::spawn, 3, 0}, {Code::join_timed, 3, 0}},
      {},
      {},
  }}));
}


// The tester's own bug: an at_end invariant loaded a0 with a step, a scheduling point after
// main had taken the final state, where the daemon t2 could still run; runs equivalent for
// the checker then showed different final states. Invariants now read the value without a
// step (World::value).
TEST(DiffRegression, DaemonRunsAtAnAtEndStep) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 1}},
      {{Code::at_end, 0, 0}, {Code::spawn, 2, 0}},
      {{Code::a_compare_exchange, 0, 0}},
  }}));
}


// t1 and t2 meet at bar1 = Barrier(2, action: a1.fetch_add(1)); t3 fetch_adds a1 too. The
// other party's wake-up was enabled by the end of the action, a change no step showed:
// dpor's reversal of t3's fetch_add with the action's started with that wake-up, which
// cannot run there, and t3 never went first (fixed: the last party takes a step on the
// barrier after the action, objects/barrier.cpp).
TEST(DiffRegression, BarrierActionRacesWithAThirdThread) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 2, 0}, {Code::spawn, 1, 0}, {Code::spawn, 3, 0}},
      {{Code::bar_wait, 1, 0}},
      {{Code::bar_wait, 1, 0}},
      {{Code::a_fetch_add, 1, 1}},
  }}));
}


// main asks t3.join(timeout=0) after joining t2; t1's task_done() raises (and the
// ValueError escapes) unless t3's put came first. dpor re-inserted t1's task_done, explored
// already where it failed at once, as a branch at the first scheduling point; that leaf
// then seemed to cover the reversal of main's join(timeout) with t3's put (t1's step
// commutes with it), so t3 was never seen alive (fixed: insert() drops a sequence whose
// first step was explored there already).
TEST(DiffRegression, AFailedBranchCoversNothingElse) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::spawn, 3, 0}, {Code::spawn, 2, 0}, {Code::join, 2, 0}, {Code::join_timed, 3, 0}},
      {{Code::q_task_done, 0, 1}},
      {{Code::cv_notify_all, 0, 0}},
      {{Code::q_put, 0, 1}},
  }}));
}


// t2 yields, then tries lock0 with timeout=0; main asks t1.join(timeout=0), then
// t2.join(timeout=0). t1 still alive and t2 finished needs t2's yield first, then main, then
// t1's acquire (the fair scheduler holds t2 back until t1 moved), then t2's try. dpor's
// reversal of main's second join(timeout) with t2's try was dropped: the try was disabled
// (held back) there, and the step that let it through, t1's acquire, is not dependent with
// it (fixed: a step of the sequence that happens before it counts, fairness included).
TEST(DiffRegression, AYieldersStepHeldBackUntilAnotherThreadMoved) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 2, 0}, {Code::spawn, 1, 0}, {Code::join_timed, 1, 0}, {Code::join_timed, 2, 0}},
      {{Code::sem_acquire, 0, 0}},
      {{Code::yield, 0, 0}, {Code::lock_acquire_timeout, 0, 0}},
  }}));
}


// sem1 = Semaphore(1). main's sem1.acquire(1) takes it, t1's sem1.acquire(1) then times out,
// t2 (lock0.acquire(false), then a blocking sem1.acquire()) blocks: deadlock. dfs also finds
// the pass where t2 takes sem1 first and both timed acquires time out; dpor raced t2's
// blocked acquire only with t1's failed timed acquire (the latest dependent step), after
// main's acquire, where sem1 was taken already; main's acquire, covered by the failed one's
// clock, was never reversed (fixed: reverse_previous looks past a timed acquire that timed
// out to the step of any thread before it). Found by lockstep_difftest --seed 8.
TEST(DiffRegression, BlockedAcquireBehindAFailedTimedAcquire) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::spawn, 2, 0}, {Code::sem_acquire_timed, 0, 1}},
      {{Code::sem_acquire_timed, 0, 1}},
      {{Code::lock_try_acquire, 0, 0}, {Code::sem_acquire, 0, 0}},
  }}));
}


// The daemon t1 loads a0, then starts the daemon t2, which registers a failing at_end
// invariant: the execution fails at the end unless main (and t3) end before t1's load.
// dpor took the end's race with the daemons' steps only in executions without a failure,
// and an at_end failure is one (fixed: the race is taken whether or not the run failed).
TEST(DiffRegression, DaemonsRaceWithAnEndThatFails) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 1}, {Code::spawn, 3, 0}},
      {{Code::a_load, 0, 0}, {Code::spawn, 2, 0}},
      {{Code::at_end, 0, 0}},
      {{Code::lock_poll, 0, 1}},
  }}));
}

// dpor abandoned an execution at t2's Guard release (every enabled thread asleep); t2, a
// daemon, went on past that release (a destructor's step returns instead of throwing) and
// called choose(), which asked dpor and added a choice to the next execution's prefix: the
// next replay diverged (nondeterministic_model). choose() after the end now aborts.
TEST(DiffRegression, ChooseAfterAnAbandonedExecutionsLastStep) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 2, 1}, {Code::spawn, 1, 0}},
      {{Code::latch_count_down, 0, 0}, {Code::q_get, 0, 0}},
      {{Code::cvar_notify_all, 0, 0}, {Code::choose, 0, 2}},
  }}));
}

// main's join(t1, timeout 0) times out (the fair scheduler then holds main's next poll in
// vain until t1 has moved); main starts t2 and joins it with timeout 0 too. dpor never ran
// t1's load of a0 after t2's fetch_xor with main's join(t2) timing out: with t2 ended first,
// that join's race with t2's release was dropped, main being held there, and nothing in the
// wakeup sequence let it run (fixed: add_releasers puts t1's step, which does, before it).
// Found by lockstep_difftest --seed 22.
TEST(DiffRegression, TimedJoinHeldUntilAnotherThreadMoved) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::join_timed, 1, 0}, {Code::spawn, 2, 0}, {Code::join_timed, 2, 0}},
      {{Code::a_load, 0, 0}},
      {{Code::lock_acquire, 1, 0}, {Code::a_fetch_xor, 0, 1}, {Code::lock_release, 1, 0}},
  }}));
}

// The same when the thread that lets the held poll run never moves after that point: t3's
// second timed ev.wait() was held until t2 (started by the daemon t1) moved, and t2 ran only
// after main's end in that execution, so no step of it was found to put first. Found by
// lockstep_difftest --seed 1.
TEST(DiffRegression, HeldPollReleasedByAThreadThatMovesOnlyLater) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 1}, {Code::spawn, 3, 0}},
      {{Code::spawn, 2, 0}, {Code::is_alive, 2, 0}, {Code::ev_set, 0, 0}},
      {{Code::a_cas_weak, 0, 1}},
      {{Code::ev_poll, 0, 2}},
  }}));
}


// Programs on which the first tries to make a timed-out join(timeout) a poll made dpor miss
// executions (a timed-out join taken as no progress, seed 3: main's is_alive() never saw t1
// end after t1's join(timeout) succeeded; and whether the fair scheduler holds main's join
// after its latch poll depending on t2's last step, seed 8). The join step is progress now,
// the wait after a timed-out one a sleep of its own (the poll).
TEST(DiffRegression, IsAliveAfterAJoinTimedThatSawTheEnd) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::is_alive, 1, 0}},
      {{Code::rw_lock_shared, 0, 0}, {Code::spawn, 2, 0}, {Code::join_timed, 2, 0}},
      {{Code::spawn, 3, 0}, {Code::join, 3, 0}},
      {{Code::a_cas_weak, 0, 1}},
  }}));
}

TEST(DiffRegression, JoinTimedAfterALatchPoll) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 2, 0}, {Code::spawn, 1, 0}, {Code::latch_try_wait, 0, 0}, {Code::join_timed, 1, 0}},
      {{Code::join, 2, 0}},
      {{Code::q_put_nowait, 0, -2}, {Code::q_empty, 0, 0}},
  }}));
}

// A weak compare-exchange that failed for want of the expected value was taken as a read,
// one that could fail spuriously as dependent on every step: a footprint that changed with
// the outcome, and dpor missed an outcome of the three is_alive() steps (.ci/run's difftest,
// seed 1796653057). It depends on every step now, whatever it did.
TEST(DiffRegression, WeakCompareExchangeBeforeNestedIsAlive) {
  EXPECT_TRUE(agrees(Program{{
      {{Code::spawn, 1, 0}, {Code::is_alive, 1, 0}},
      {{Code::q_put_nowait, 0, -2}, {Code::spawn, 2, 0}, {Code::is_alive, 2, 0}},
      {{Code::a_cas_weak, 0, 1}, {Code::spawn, 3, 0}, {Code::is_alive, 3, 0}},
      {{Code::q_task_done, 0, 0}},
  }}));
}

// dpor --shard once put the threads asleep at the end of a unit's prefix asleep in that
// unit's dpor (explore/dpor_units.hpp says why that is unsound): lockstep_difftest
// --dpor-shards 4 (program seed 7662137190053909182) found 5 executions for dpor's 6, main
// spawning t2, whose task_done() raises, and t1, which loads a0.
TEST(DiffRegression, DporShardsMissNoTrace) {
  const Program p{{
      {{Code::spawn, 2, 0}, {Code::spawn, 1, 0}},
      {{Code::a_load, 0, 0}},
      {{Code::q_task_done, 0, 1}},
  }};
  for (const int shards : {2, 3, 4}) EXPECT_TRUE(agrees(p, {.dpor_shards = shards})) << shards << " shards";
}

// The sleep sets of dpor --shard's prefixes: t1's release raises, ending the execution at the
// last prefix node, and t1 slept in the later branches there, so no shard saw t2 end (and t3
// join it) before the failure: 1 execution for dpor's 2 (lockstep_difftest --dpor-shards 4,
// seed 214). A thread whose step there ended the execution stays awake, as Node::failed.
TEST(DiffRegression, DporShardsKeepAwakeAThreadThatEndedThePrefix) {
  EXPECT_TRUE(agrees(Program{{
                         {{Code::spawn, 2, 0}, {Code::spawn, 1, 0}, {Code::spawn, 3, 0}},
                         {{Code::sem_release, 2, 1}},
                         {},
                         {{Code::join, 2, 0}},
                     }},
                     {.dpor_shards = 4}));
}

// The same: main's is_alive(t1) and t1 slept while t1's put started the queue's feeder and the
// feeder stepped, a daemon, whose steps do not commute with the step that ends the execution:
// 33 executions for dpor's 34 (seed 214 again). A daemon's step wakes every sleeper now.
TEST(DiffRegression, DporShardsWakeSleepersAtADaemonsStep) {
  EXPECT_TRUE(agrees(Program{{
                         {{Code::spawn, 1, 0}, {Code::is_alive, 1, 0}},
                         {{Code::q_put, 2, 1}, {Code::cvar_wait, 0, 0}},
                     }},
                     {.dpor_shards = 4}));
}

// The same, with the prefixes as deep as the program (2 shards of 256 units): main's
// is_alive(t1) slept while t1 started t2 and probed its end with join(timeout=0), then
// checked it had ended: 8 executions for dpor's 9 (lockstep_difftest --dpor-shards 2
// --dpor-shard-units 256, seed 45). A probe of a thread's end wakes every sleeper now, and
// never sleeps.
TEST(DiffRegression, DporShardsWakeSleepersAtAProbeOfAThreadsEnd) {
  EXPECT_TRUE(agrees(Program{{
                         {{Code::spawn, 1, 0}, {Code::is_alive, 1, 0}},
                         {{Code::spawn, 2, 0}, {Code::join_timed, 2, 0}, {Code::check, 0, 0}},
                         {{Code::a_load, 0, 0}},
                     }},
                     {.dpor_shards = 2, .dpor_shard_units = 256}));
}

}  // namespace
}  // namespace lockstep::difftest
