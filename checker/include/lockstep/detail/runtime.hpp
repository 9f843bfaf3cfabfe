// The handful of verbs through which primitives talk to the running execution.
// A primitive registers itself as an Object, then for every visible operation calls
// step(op): the thread waits there until it is picked to run with op enabled, and on
// return performs the operation at once (no other thread runs in between).
#pragma once

#include <cstddef>
#include <functional>
#include <source_location>
#include <string>
#include <string_view>

#include "lockstep/detail/op.hpp"
#include "lockstep/failure.hpp"

namespace lockstep::detail {

// Modeled state that decides whether a pending operation can run now.
class Object {
 public:
  virtual bool enabled(ThreadId thread, const Op& op) const = 0;
  // For deadlock reports: what `thread`, blocked in `op`, is waiting for.
  virtual std::string blocked_on(ThreadId thread, const Op& op) const;
  // For deadlock reports: does `thread` hold this object (a lock)?
  virtual bool held_by(ThreadId /*thread*/) const { return false; }
  // Would `op`, pending for `thread` with `operand` (what step_with_operand passed), change
  // this object if it ran now? For partial-order reduction; true when unsure.
  virtual bool changes(ThreadId /*thread*/, const Op& /*op*/, const void* /*operand*/) const { return true; }
  // Would `thread`'s pending `op`, run now, make no progress (a poll that finds nothing, a
  // timeout, a spurious wake-up)? The fair scheduler holds such a step back (no_progress()).
  virtual bool polls_in_vain(ThreadId /*thread*/, const Op& /*op*/) const { return false; }

 protected:
  ~Object() = default;
};

// `parent`: an object this one belongs to (a Condition's own lock), for naming.
ObjectId attach(Object* object, ObjectKind kind, ObjectId parent = kNoObject);
void detach(ObjectId id);
void rename(ObjectId id, std::string_view name);
// Names the lock a condition waits with, so that dependence can tell which lock its waits
// release and take back.
void bind_lock(ObjectId condition, ObjectId lock);
std::string object_name(ObjectId id);

// Schedules: returns when this thread is picked to perform `op`, and returns this thread.
// Throws detail::Abort when the execution is being torn down (the exception must not be
// swallowed).
ThreadId step(const Op& op);
// step() for an operation whose outcome depends on a value the object cannot see, such as
// a compare-exchange's expected value: `operand` points to it while the step is pending.
ThreadId step_with_operand(const Op& op, const void* operand);
// Attaches the outcome of this thread's latest step (a value read, "was notified"...).
// Like hb_acquire and hb_release, only after a step of the same operation.
void set_result(std::int64_t result);
// This thread's latest step made no progress (a poll that found nothing, a timeout, a
// spurious wake-up): the fair scheduler treats it as a yield (docs/semantics.md, Fairness).
// Only right after that step.
void no_progress();
// For reports: the number of the latest step that performed `kind` on `object` (1-based,
// as traces print it: #12), 0 if none did.
int latest_step(ObjectId object, OpKind kind);

ThreadId self();
std::string thread_name(ThreadId thread);
std::string_view thread_name_view(ThreadId thread);  // valid during the execution
// Fails the execution; never returns to the caller.
[[noreturn]] void fail(FailureKind kind, std::string message, std::source_location location);

struct Abort {};  // thrown through a model thread to unwind it when its execution ends

// Threads.
ThreadId spawn(std::string_view name, std::function<void()>&& body, std::source_location location);
// Waits for `thread` to finish (throws Abort as step() does); fails when it is the caller.
void join_thread(ThreadId thread, std::source_location location);
bool finished(ThreadId thread);
// A hidden helper thread (a ProcessQueue's feeder): never counted as unfinished or blocked.
ThreadId spawn_daemon(std::string_view name, std::function<void()> body);
// Makes `thread`, just spawned by the running thread, a daemon (Thread(daemon=True)): the
// execution does not wait for it and it is never part of a deadlock; its steps are traced.
void make_daemon(ThreadId thread);
// Thread.join(timeout): one step that never blocks; returns whether `thread` had finished
// (then everything it did happens before). `timeout` only shows in the trace.
bool join_thread_timed(ThreadId thread, int timeout, std::source_location location);
// Thread.is_alive(): one step; when `thread` finished, everything it did happens before.
bool thread_alive(ThreadId thread, std::source_location location);
// A Thread handle of `thread` went away: joins it first unless `joined`, then may run the
// at_end invariants. Does nothing while the execution is torn down or an exception propagates.
void drop_handle(ThreadId thread, bool joined, std::source_location location);

// Happens-before, for data-race detection. acquire: this thread now knows everything
// released into `object`; release: `object` now carries everything this thread did.
void hb_acquire(ObjectId object);
void hb_release(ObjectId object);
// A load or store of a Shared variable: recorded in the trace, but not a scheduling point
// (the race check stands in for the interleavings, see docs/semantics.md). Fails with a
// data race when a conflicting access of another thread is not ordered before it. `value`
// is what the trace shows: the value loaded or stored.
void shared_load(ObjectId variable, std::int64_t value, std::source_location location);
void shared_store(ObjectId variable, std::int64_t value, std::source_location location);

// ---- C++ primitives and model calls (prims-cpp) ----
// The trace shows `object`'s values as true/false (a C++ bool), not as 0/1.
void show_as_bool(ObjectId object);
// The index of the running thread's latest step (0-based), for the calls below, which
// address it after more steps were recorded.
std::size_t latest_step_index();
void set_step_result(std::size_t step, std::int64_t result);
// A choice among `n` outcomes of step `step` on `object` (a compare_exchange_weak that
// may fail spuriously, a timed CondVar wait that may wake spuriously): recorded as a
// choose() step of that object, explored like choose().
int choose_outcome(ObjectId object, int n, std::size_t step);
// Step `step` of the running thread made no progress (a spurious failure or wake-up): the
// fair scheduler treats it as a yield.
void no_progress_at(std::size_t step);
// `thread`'s pending step is a wake-up only a spurious wake-up could take (an untimed
// CondVar wait nobody notified): when nothing else can run, that is a deadlock.
void set_only_spurious(ThreadId thread, bool only);
// assume(false): the execution is pruned (ends, neither a failure nor a pass).
void assume(bool condition, std::source_location location);
// atomically(): no other thread is scheduled between these two (docs/semantics.md).
void atomic_begin(std::source_location location);
void atomic_end(std::source_location location);

int param(std::string_view name, int default_value);
int choose(int n, std::source_location location);
void at_end(std::function<void()> fn);
bool spurious_wakeups();

}  // namespace lockstep::detail
