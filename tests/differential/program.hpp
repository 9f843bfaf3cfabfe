// A generated test program: what each thread of a model does, step by step, over every
// primitive's every operation. The generator writes it, the interpreter runs it as a model,
// the shrinker cuts it down, and print() shows it as pseudo-code (and as C++ to paste into a
// regression test).
//
// Adding a primitive: one entry in `Code`, one row in kOps (its weight, family, value range,
// pseudo-code), one case in the interpreter (interpreter.cpp), its object in the World there.
//
// An operation that raises a Python exception (queue.Empty, queue.Full, BrokenBarrierError,
// ValueError) is caught and observed as a negative value, or, when its row says so by a
// negative `value` (or 1 where the value is otherwise unused), let escape the thread: then
// uncaught_exception is an outcome as well.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::difftest {

enum class Code : std::uint8_t {
  // Lock, Lock over a condition, RLock: acquire, acquire(false), release (when held)
  lock_acquire, lock_try_acquire, lock_release, lock_poll,
  // Lock, RLock: acquire(timeout) (0: never blocks), locked()
  lock_acquire_timeout, lock_locked,
  // Condition(), Condition(lock1), ProcessCondition: `with cv:` held over later steps, each wait
  // form, notify(n), notify_all, and the flag the waits' predicates read (under the lock)
  cv_enter, cv_exit, cv_wait, cv_wait_timed, cv_wait_zero, cv_wait_for, cv_wait_for_timed, cv_poll, cv_notify,
  cv_notify_all, cv_clear,
  // Queue, Queue(1), ProcessQueue
  q_put, q_get, q_get_timed, q_try_get, q_empty, q_size, q_poll,
  // Semaphore(1), Semaphore(0)
  sem_acquire, sem_acquire_timed, sem_release, sem_poll,
  // Semaphore.release(n); on the BoundedSemaphore(1) both releases may raise ValueError
  sem_release_n,
  // Barrier(2), Barrier(2, action): wait(), wait(timeout), abort(), reset(), broken()/n_waiting()
  bar_wait, bar_wait_timed, bar_abort, bar_reset, bar_query,
  // Timer(ticks, fn), started by a step; cancel() only by the thread that started it
  timer_start, timer_cancel,
  // queue.Queue(), Queue(1), LifoQueue(), PriorityQueue(2): put(v, timeout), put_nowait,
  // get_nowait, full(), qsize(), task_done(), join()
  q_put_timed, q_put_nowait, q_get_nowait, q_full, q_qsize, q_task_done, q_join,
  // Event
  ev_set, ev_clear, ev_is_set, ev_wait, ev_wait_timed, ev_poll,
  // Atomic
  a_load, a_store, a_exchange, a_compare_exchange, a_fetch_add, a_poll,
  // Shared
  s_load, s_store, s_increment,
  // the thread itself and the model
  yield, sleep, choose, check, at_end,
  // threads: `obj` is the thread's index in the program (spawn's value 1: a daemon).
  // is_alive(), join(timeout) (and join_poll, below) by any thread that can see the handle,
  // as joins: where the spawn happens before in program order (generator.hpp, can_join).
  spawn, join, is_alive, join_timed,
  // C++ primitives (issue 17). SharedMutex: each take is skipped by a thread that owns it
  // already (misuse), rw_unlock ends what the thread owns
  rw_lock, rw_lock_shared, rw_try_lock, rw_try_lock_shared, rw_unlock,
  // Latch(2): count_down while the counter is above 0 (as an Atomic's fetch_sub tells, a step
  // of its own), try_wait, wait, arrive_and_wait
  latch_count_down, latch_try_wait, latch_wait, latch_arrive_and_wait,
  // CondVar over its own Lock and flag: the waits, notify_one after the lock, notify_all under it
  cvar_wait, cvar_wait_pred, cvar_wait_for, cvar_notify_one, cvar_notify_all,
  // Atomic's other read-modify-writes and compare_exchange_weak
  a_fetch_sub, a_fetch_or, a_fetch_xor, a_cas_weak,
  // atomically { load; store }, assume(last observed != v)
  atomic_block, assume,
  // Semaphore.acquire(false); a timer's is_alive() or join(timeout=0) by the thread that started
  // it; a poll of a thread's end: `for v tries: if t.join(timeout=1): break` (placed with the
  // other probes, by any thread that can see the handle)
  sem_try_acquire, timer_probe, join_poll,
  count_
};

// The objects an operation can name (its `obj` indexes the family's names).
enum class Family : std::uint8_t {
  none, lock, condition, queue, semaphore, event, atomic, shared, thread,
  barrier, timer,
  pyqueue,  // the queues with queue.Queue's whole API (not the ProcessQueue)
  shared_mutex, latch, condvar
};

struct OpInfo {
  Code code;
  std::string_view name;
  int weight;             // how often the generator picks it; 0: placed by the generator itself
  Family family;
  int lo, hi;             // range of `value`
  Code closer;            // the step that ends what it opens (its own code: none)
  std::string_view text;  // pseudo-code: {o} the object, {v} the value
};

inline constexpr std::array<OpInfo, static_cast<std::size_t>(Code::count_)> kOps{{
    {Code::lock_acquire, "lock_acquire", 4, Family::lock, 0, 0, Code::lock_release, "{o}.acquire()"},
    {Code::lock_try_acquire, "lock_try_acquire", 3, Family::lock, 0, 0, Code::lock_release,
     "observe({o}.acquire(false))"},
    {Code::lock_release, "lock_release", 0, Family::lock, 0, 0, Code::lock_release, "{o}.release() if held"},
    {Code::lock_poll, "lock_poll", 1, Family::lock, 1, 3, Code::lock_release,
     "for {v} tries: if {o}.acquire(false) break; sleep(1)"},
    {Code::lock_acquire_timeout, "lock_acquire_timeout", 2, Family::lock, 0, 2, Code::lock_release,
     "observe({o}.acquire(timeout={v}))"},
    {Code::lock_locked, "lock_locked", 1, Family::lock, 0, 0, Code::lock_locked, "observe({o}.locked())"},
    {Code::cv_enter, "cv_enter", 3, Family::condition, 0, 0, Code::cv_exit, "g = {o}.lock()"},
    {Code::cv_exit, "cv_exit", 0, Family::condition, 0, 0, Code::cv_exit, "g.release()  # {o}"},
    {Code::cv_wait, "cv_wait", 2, Family::condition, 0, 0, Code::cv_wait, "with {o}: if !flag: {o}.wait(g)"},
    {Code::cv_wait_timed, "cv_wait_timed", 2, Family::condition, 1, 2, Code::cv_wait_timed,
     "with {o}: observe({o}.wait(g, {v}))"},
    {Code::cv_wait_zero, "cv_wait_zero", 1, Family::condition, 0, 0, Code::cv_wait_zero,
     "with {o}: observe({o}.wait(g, 0))"},
    {Code::cv_wait_for, "cv_wait_for", 2, Family::condition, 0, 0, Code::cv_wait_for,
     "with {o}: {o}.wait_for(g, flag)"},
    {Code::cv_wait_for_timed, "cv_wait_for_timed", 2, Family::condition, 1, 2, Code::cv_wait_for_timed,
     "with {o}: observe({o}.wait_for(g, flag, {v}))"},
    {Code::cv_poll, "cv_poll", 1, Family::condition, 1, 3, Code::cv_poll,
     "with {o}: for {v} tries while !flag: {o}.wait(g, 1)"},
    {Code::cv_notify, "cv_notify", 3, Family::condition, 1, 2, Code::cv_notify,
     "with {o}: flag = 1; {o}.notify({v})"},
    {Code::cv_notify_all, "cv_notify_all", 2, Family::condition, 0, 0, Code::cv_notify_all,
     "with {o}: flag = 1; {o}.notify_all()"},
    {Code::cv_clear, "cv_clear", 1, Family::condition, 0, 0, Code::cv_clear, "with {o}: observe(flag); flag = 0"},
    {Code::q_put, "q_put", 4, Family::queue, 1, 3, Code::q_put, "{o}.put({v})"},
    {Code::q_get, "q_get", 2, Family::queue, 0, 0, Code::q_get, "observe({o}.get())"},
    {Code::q_get_timed, "q_get_timed", 2, Family::queue, 1, 2, Code::q_get_timed, "observe({o}.get({v}))"},
    {Code::q_try_get, "q_try_get", 2, Family::queue, 0, 0, Code::q_try_get, "observe({o}.try_get())"},
    {Code::q_empty, "q_empty", 1, Family::queue, 0, 0, Code::q_empty, "observe({o}.empty())"},
    {Code::q_size, "q_size", 1, Family::queue, 0, 0, Code::q_size, "observe({o}.size())"},
    {Code::q_poll, "q_poll", 1, Family::queue, 1, 3, Code::q_poll, "for {v} tries: if {o}.get(1) break"},
    {Code::sem_acquire, "sem_acquire", 2, Family::semaphore, 0, 0, Code::sem_release, "{o}.acquire()"},
    {Code::sem_acquire_timed, "sem_acquire_timed", 2, Family::semaphore, 1, 2, Code::sem_acquire_timed,
     "observe({o}.acquire({v}))"},
    {Code::sem_release, "sem_release", 2, Family::semaphore, 0, 1, Code::sem_release,
     "{o}.release()  # ValueError escapes: {v}"},
    {Code::sem_poll, "sem_poll", 1, Family::semaphore, 1, 3, Code::sem_poll,
     "for {v} tries: if {o}.acquire(1) break"},
    {Code::sem_release_n, "sem_release_n", 1, Family::semaphore, -2, 2, Code::sem_release_n,
     "{o}.release(n=max(1, |{v}|))  # ValueError escapes if {v} < 0"},
    {Code::bar_wait, "bar_wait", 2, Family::barrier, 0, 1, Code::bar_wait,
     "observe({o}.wait())  # BrokenBarrierError escapes: {v}"},
    {Code::bar_wait_timed, "bar_wait_timed", 2, Family::barrier, -1, 1, Code::bar_wait_timed,
     "observe({o}.wait(timeout=|{v}|))  # BrokenBarrierError escapes if {v} < 0"},
    {Code::bar_abort, "bar_abort", 1, Family::barrier, 0, 0, Code::bar_abort, "{o}.abort()"},
    {Code::bar_reset, "bar_reset", 1, Family::barrier, 0, 0, Code::bar_reset, "{o}.reset()"},
    {Code::bar_query, "bar_query", 1, Family::barrier, 0, 1, Code::bar_query,
     "observe({v} ? {o}.n_waiting() : {o}.broken())"},
    {Code::timer_start, "timer_start", 2, Family::timer, 1, 2, Code::timer_cancel,
     "{o} = Timer({v}, fn_{o}) (fn_tm0: a0.fetch_add(1), fn_tm1: ev.set())"},
    {Code::timer_cancel, "timer_cancel", 0, Family::timer, 0, 0, Code::timer_cancel, "{o}.cancel() if started"},
    {Code::q_put_timed, "q_put_timed", 1, Family::pyqueue, -2, 3, Code::q_put_timed,
     "observe({o}.put(|{v}|, timeout=1))  # queue.Full escapes if {v} < 0"},
    {Code::q_put_nowait, "q_put_nowait", 1, Family::pyqueue, -2, 3, Code::q_put_nowait,
     "observe({o}.put_nowait(|{v}|))  # queue.Full escapes if {v} < 0"},
    {Code::q_get_nowait, "q_get_nowait", 1, Family::pyqueue, 0, 1, Code::q_get_nowait,
     "observe({o}.get_nowait())  # queue.Empty escapes: {v}"},
    {Code::q_full, "q_full", 1, Family::pyqueue, 0, 0, Code::q_full, "observe({o}.full())"},
    {Code::q_qsize, "q_qsize", 1, Family::pyqueue, 0, 0, Code::q_qsize, "observe({o}.qsize())"},
    {Code::q_task_done, "q_task_done", 2, Family::pyqueue, 0, 1, Code::q_task_done,
     "{o}.task_done()  # ValueError escapes: {v}"},
    {Code::q_join, "q_join", 1, Family::pyqueue, 0, 0, Code::q_join, "{o}.join()"},
    {Code::ev_set, "ev_set", 3, Family::event, 0, 0, Code::ev_set, "{o}.set()"},
    {Code::ev_clear, "ev_clear", 1, Family::event, 0, 0, Code::ev_clear, "{o}.clear()"},
    {Code::ev_is_set, "ev_is_set", 1, Family::event, 0, 0, Code::ev_is_set, "observe({o}.is_set())"},
    {Code::ev_wait, "ev_wait", 2, Family::event, 0, 0, Code::ev_wait, "{o}.wait()"},
    {Code::ev_wait_timed, "ev_wait_timed", 2, Family::event, 1, 2, Code::ev_wait_timed, "observe({o}.wait({v}))"},
    {Code::ev_poll, "ev_poll", 1, Family::event, 1, 3, Code::ev_poll, "for {v} tries: if {o}.wait(1) break"},
    {Code::a_load, "a_load", 3, Family::atomic, 0, 0, Code::a_load, "observe({o}.load())"},
    {Code::a_store, "a_store", 3, Family::atomic, 1, 3, Code::a_store, "{o}.store({v})"},
    {Code::a_exchange, "a_exchange", 2, Family::atomic, 1, 3, Code::a_exchange, "observe({o}.exchange({v}))"},
    {Code::a_compare_exchange, "a_compare_exchange", 3, Family::atomic, 0, 2, Code::a_compare_exchange,
     "e = {v}; observe({o}.compare_exchange(e, {v} + 1), e)"},
    {Code::a_fetch_add, "a_fetch_add", 2, Family::atomic, 1, 2, Code::a_fetch_add, "observe({o}.fetch_add({v}))"},
    {Code::a_poll, "a_poll", 1, Family::atomic, 1, 3, Code::a_poll,
     "for {v} tries: if {o}.load() break; sleep(1)"},
    {Code::s_load, "s_load", 2, Family::shared, 0, 0, Code::s_load, "observe({o}.load())"},
    {Code::s_store, "s_store", 2, Family::shared, 1, 3, Code::s_store, "{o}.store({v})"},
    {Code::s_increment, "s_increment", 1, Family::shared, 1, 2, Code::s_increment, "{o}.store({o}.load() + {v})"},
    {Code::yield, "yield", 3, Family::none, 0, 0, Code::yield, "this_thread::yield()"},
    {Code::sleep, "sleep", 3, Family::none, 1, 2, Code::sleep, "sleep({v})"},
    {Code::choose, "choose", 1, Family::none, 2, 3, Code::choose, "observe(choose({v}))"},
    {Code::check, "check", 2, Family::none, 0, 2, Code::check, "check(last observed != {v})"},
    {Code::at_end, "at_end", 1, Family::atomic, 0, 2, Code::at_end, "at_end: check({o} != {v})  # its value, read without a step"},
    {Code::spawn, "spawn", 0, Family::thread, 0, 1, Code::spawn, "{o} = Thread(..., daemon={v})"},
    {Code::join, "join", 0, Family::thread, 0, 0, Code::join, "{o}.join()"},
    {Code::is_alive, "is_alive", 0, Family::thread, 0, 0, Code::is_alive, "observe({o}.is_alive())"},
    {Code::join_timed, "join_timed", 0, Family::thread, 0, 1, Code::join_timed, "observe({o}.join(timeout={v}))"},
    {Code::rw_lock, "rw_lock", 2, Family::shared_mutex, 0, 0, Code::rw_unlock, "{o}.lock() unless owned"},
    {Code::rw_lock_shared, "rw_lock_shared", 2, Family::shared_mutex, 0, 0, Code::rw_unlock,
     "{o}.lock_shared() unless owned"},
    {Code::rw_try_lock, "rw_try_lock", 1, Family::shared_mutex, 0, 0, Code::rw_unlock,
     "observe({o}.try_lock()) unless owned"},
    {Code::rw_try_lock_shared, "rw_try_lock_shared", 1, Family::shared_mutex, 0, 0, Code::rw_unlock,
     "observe({o}.try_lock_shared()) unless owned"},
    {Code::rw_unlock, "rw_unlock", 0, Family::shared_mutex, 0, 0, Code::rw_unlock, "{o}.unlock() or unlock_shared(), as owned"},
    {Code::latch_count_down, "latch_count_down", 2, Family::latch, 0, 0, Code::latch_count_down,
     "{o}.count_down() if its counter > 0"},
    {Code::latch_try_wait, "latch_try_wait", 1, Family::latch, 0, 0, Code::latch_try_wait, "observe({o}.try_wait())"},
    {Code::latch_wait, "latch_wait", 1, Family::latch, 0, 0, Code::latch_wait, "{o}.wait()"},
    {Code::latch_arrive_and_wait, "latch_arrive_and_wait", 1, Family::latch, 0, 0, Code::latch_arrive_and_wait,
     "{o}.arrive_and_wait() if its counter > 0"},
    {Code::cvar_wait, "cvar_wait", 1, Family::condvar, 0, 0, Code::cvar_wait,
     "with cvlock: if !cvflag: {o}.wait(g); observe(cvflag)"},
    {Code::cvar_wait_pred, "cvar_wait_pred", 1, Family::condvar, 0, 0, Code::cvar_wait_pred,
     "with cvlock: {o}.wait(g, cvflag)"},
    {Code::cvar_wait_for, "cvar_wait_for", 1, Family::condvar, 1, 2, Code::cvar_wait_for,
     "with cvlock: observe({o}.wait_for(g, {v}))"},
    {Code::cvar_notify_one, "cvar_notify_one", 2, Family::condvar, 0, 0, Code::cvar_notify_one,
     "with cvlock: cvflag = 1; then {o}.notify_one()"},
    {Code::cvar_notify_all, "cvar_notify_all", 1, Family::condvar, 0, 0, Code::cvar_notify_all,
     "with cvlock: cvflag = 1; {o}.notify_all()"},
    {Code::a_fetch_sub, "a_fetch_sub", 1, Family::atomic, 1, 2, Code::a_fetch_sub, "observe({o}.fetch_sub({v}))"},
    {Code::a_fetch_or, "a_fetch_or", 1, Family::atomic, 1, 2, Code::a_fetch_or, "observe({o}.fetch_or({v}))"},
    {Code::a_fetch_xor, "a_fetch_xor", 1, Family::atomic, 1, 3, Code::a_fetch_xor, "observe({o}.fetch_xor({v}))"},
    {Code::a_cas_weak, "a_cas_weak", 2, Family::atomic, 0, 2, Code::a_cas_weak,
     "e = {v}; observe({o}.compare_exchange_weak(e, {v} + 1), e)"},
    {Code::atomic_block, "atomic_block", 1, Family::atomic, 1, 3, Code::atomic_block,
     "atomically {{ observe({o}.load()); {o}.store({v}) }}"},
    {Code::assume, "assume", 1, Family::none, 0, 2, Code::assume, "assume(last observed != {v})"},
    {Code::sem_try_acquire, "sem_try_acquire", 1, Family::semaphore, 0, 0, Code::sem_release,
     "observe({o}.acquire(false))"},
    {Code::timer_probe, "timer_probe", 1, Family::timer, 0, 1, Code::timer_probe,
     "observe({v} ? {o}.join(timeout=0) : {o}.is_alive()) if started"},
    {Code::join_poll, "join_poll", 0, Family::thread, 1, 3, Code::join_poll,
     "for {v} tries: if {o}.join(timeout=1) break; observe(tries)"},
}};

constexpr const OpInfo& info(Code c) { return kOps[static_cast<std::size_t>(c)]; }

// Every row sits at its code's index, so info() is a lookup.
constexpr bool rows_in_order() {
  for (std::size_t i = 0; i < kOps.size(); ++i) {
    if (static_cast<std::size_t>(kOps[i].code) != i) return false;
  }
  return true;
}
static_assert(rows_in_order(), "kOps must list the codes in the order of Code");

// The objects of each family, by `obj`.
std::vector<std::string_view> objects(Family family);

struct Step {
  Code code;
  std::uint8_t obj = 0;   // index into the family's objects (a thread's index for spawn/join)
  std::int8_t value = 0;  // in [lo, hi] of its row
  bool operator==(const Step&) const = default;
};

// threads[0] is the model body; thread k > 0 runs when some thread's `spawn k` step runs.
// Every handle lives until the body's end, where each one not joined yet is joined (as
// Python waits for non-daemon threads); so is every timer a non-daemon thread started. A
// thread spawned by a daemon is a daemon (as in Python), and so is a timer it starts.
struct Program {
  std::vector<std::vector<Step>> threads;
  bool operator==(const Program&) const = default;
};

std::size_t size(const Program& p);  // steps, over all threads
// Pseudo-code, one thread after the other.
std::string print(const Program& p);
// A C++ initializer for the same program, for a regression test.
std::string print_cpp(const Program& p);

}  // namespace lockstep::difftest
