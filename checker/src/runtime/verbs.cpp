// The verbs of lockstep/detail/runtime.hpp, forwarded to the running execution.
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "report/describe.hpp"
#include "runtime/execution.hpp"
#include "runtime/step_verbs.hpp"

namespace lockstep::detail {
namespace {

Execution& ex() { return inline_verbs::running(); }

// For verbs that only follow a step of the same operation, which found the execution.
Execution& stepped() { return *current_execution(); }

}  // namespace

void inline_verbs::outside_execution() {
  std::fputs("lockstep: a model primitive was used outside a model execution\n", stderr);
  std::abort();
}

std::string Object::blocked_on(ThreadId, const Op&) const { return "its turn"; }

ObjectId attach(Object* object, ObjectKind kind, ObjectId parent) { return ex().attach(object, kind, parent); }
void detach(ObjectId id) {
  if (Execution* e = current_execution()) e->detach(id);
}
void rename(ObjectId id, std::string_view name) { ex().rename(id, name); }
void bind_lock(ObjectId condition, ObjectId lock) { ex().bind_lock(condition, lock); }
std::string object_name(ObjectId id) { return ex().object_name(id); }

ThreadId step(const Op& op) { return inline_verbs::step(op); }
ThreadId step_with_operand(const Op& op, const void* operand) {
  ex().set_operand(operand);
  return inline_verbs::step(op);
}
void set_result(std::int64_t result) { stepped().set_result(result); }
void no_progress() { stepped().no_progress(); }
int latest_step(ObjectId object, OpKind kind) {
  const StepLog& steps = ex().steps();
  for (std::size_t i = steps.size(); i > 0; --i) {
    if (steps[i - 1].op.object == object && steps[i - 1].op.kind == kind) return static_cast<int>(i);
  }
  return 0;
}
ThreadId self() { return ex().self(); }
std::string thread_name(ThreadId thread) { return ex().thread_name(thread); }
std::string_view thread_name_view(ThreadId thread) { return ex().thread_name(thread); }

void fail(FailureKind kind, std::string message, std::source_location location) {
  ex().fail(kind, std::move(message), location);
}

ThreadId spawn(std::string_view name, std::function<void()>&& body, std::source_location location) {
  return ex().spawn(name, std::move(body), location);
}
void join_thread(ThreadId thread, std::source_location location) {
  Execution& e = ex();
  if (thread == e.self()) e.fail(FailureKind::model_misuse, "cannot join current thread", location);
  if (!e.step({OpKind::join, kNoObject, thread, location})) throw Abort{};
}
bool finished(ThreadId thread) { return ex().finished(thread); }
void make_daemon(ThreadId thread) { ex().make_daemon(thread); }
bool join_thread_timed(ThreadId thread, int timeout, std::source_location location) {
  Execution& e = ex();
  if (thread == e.self()) e.fail(FailureKind::model_misuse, "cannot join current thread", location);
  if (!e.step({OpKind::join_timed, kNoObject, join_timed_arg(thread, timeout < 0 ? 0 : timeout), location})) {
    throw Abort{};
  }
  const bool done = e.finished(thread);
  if (done) e.happens_before().join_thread(e.self(), thread);
  e.set_result(done);
  // Timed out: the wait is a step of its own, a sleep (a poll in vain, Execution::no_progress),
  // so `while (t.is_alive()) t.join(1);` is fair. The join step itself stays progress: taken
  // as the poll, whether it is one would depend on whether it saw the end, which a reversal
  // that moves it before that end changes (dpor then missed executions that dfs finds,
  // lockstep_difftest seeds 3, 4, 8, 21, 22). The sleep is a poll whatever was reordered.
  if (!done) {
    if (!e.step({OpKind::sleep, kNoObject, timeout < 0 ? 0 : timeout, location})) throw Abort{};
    e.no_progress();
  }
  return done;
}
bool thread_alive(ThreadId thread, std::source_location location) {
  Execution& e = ex();
  if (!e.step({OpKind::is_alive, kNoObject, thread, location})) throw Abort{};
  const bool done = e.finished(thread);
  if (done) e.happens_before().join_thread(e.self(), thread);
  e.set_result(!done);
  return !done;
}
ThreadId spawn_daemon(std::string_view name, std::function<void()> body) {
  return ex().spawn_daemon(name, std::move(body));
}
namespace {
// Out of line: most handles are joined before they are dropped, and a step inline would
// make every drop save registers.
[[gnu::noinline]] void join_at_exit(Execution& e, ThreadId thread, std::source_location location) {
  if (e.step({OpKind::join_at_exit, kNoObject, thread, location})) {
    e.release_handle();
  } else {
    e.torn_down_in_destructor();  // may not return into the thread's code
  }
}
}  // namespace

void drop_handle(ThreadId thread, bool joined, std::source_location location) {
  Execution& e = ex();
  if (e.tearing_down() || e.unwinding()) return;
  if (!joined) return join_at_exit(e, thread, location);
  e.release_handle();
}

void hb_acquire(ObjectId object) {
  Execution& e = stepped();
  e.happens_before().acquire(e.self(), object);
}
void hb_release(ObjectId object) {
  Execution& e = stepped();
  e.happens_before().release(e.self(), object);
}

namespace {
// Out of line, so that the access path without a race stays short.
[[noreturn, gnu::noinline, gnu::cold]] void fail_race(Execution& e, bool store, ObjectId variable,
                                                      std::source_location location,
                                                      const HappensBefore::Access& earlier) {
  e.fail(FailureKind::data_race,
         fmt::format("{} {} {} at {}, but {}'s {} at {} is not ordered before it (no happens-before)",
                     e.thread_name(e.self()), store ? "stores" : "loads", e.object_name(variable),
                     format_location(location), e.thread_name(earlier.thread), earlier.store ? "store" : "load",
                     format_location(earlier.location)),
         location);
}

// The Op is built only inside the inline record(), so that it lives in registers.
template <bool kStore>
[[gnu::always_inline]] inline void shared_access(Execution& e, ObjectId variable, std::int64_t value,
                                                 std::source_location location) {
  const ThreadId me = e.self();
  e.record({kStore ? OpKind::store : OpKind::load, variable, kStore ? value : 0, location}, kStore ? 0 : value);
  const HappensBefore::Access* earlier = e.happens_before().access<kStore>(me, variable, location);
  if (earlier != nullptr) fail_race(e, kStore, variable, location, *earlier);
}

// When the trace needs room first (its first record, or a longer one): out of line, so that
// the usual path makes no call that returns and saves no registers.
template <bool kStore>
[[gnu::noinline, gnu::cold]] void shared_access_making_room(Execution& e, ObjectId variable, std::int64_t value,
                                                            std::source_location location) {
  shared_access<kStore>(e, variable, value, location);
}
}  // namespace

void shared_load(ObjectId variable, std::int64_t value, std::source_location location) {
  Execution& e = ex();
  if (!e.has_room()) [[unlikely]] return shared_access_making_room<false>(e, variable, value, location);
  shared_access<false>(e, variable, value, location);
}
void shared_store(ObjectId variable, std::int64_t value, std::source_location location) {
  Execution& e = ex();
  if (!e.has_room()) [[unlikely]] return shared_access_making_room<true>(e, variable, value, location);
  shared_access<true>(e, variable, value, location);
}

// ---- C++ primitives and model calls (prims-cpp) ----
void show_as_bool(ObjectId object) { ex().show_as_bool(object); }
std::size_t latest_step_index() {
  const StepLog& steps = ex().steps();
  return steps.size() - 1;
}
void set_step_result(std::size_t step, std::int64_t result) { stepped().set_result_at(step, result); }
int choose_outcome(ObjectId object, int n, std::size_t step) {
  Execution& e = stepped();
  return e.choose(n, e.steps()[step].op.location, object);
}
void no_progress_at(std::size_t step) { stepped().no_progress_at(step); }
void set_only_spurious(ThreadId thread, bool only) { ex().set_only_spurious(thread, only); }
void assume(bool condition, std::source_location location) {
  if (!condition) ex().prune(location);
  ex().record({OpKind::assume, kNoObject, 1, location}, 1);
}
void atomic_begin(std::source_location location) { ex().atomic_begin(location); }
void atomic_end(std::source_location location) {
  if (Execution* e = current_execution()) e->atomic_end(location);
}

int param(std::string_view name, int default_value) { return ex().param(name, default_value); }
int choose(int n, std::source_location location) { return ex().choose(n, location); }
void at_end(std::function<void()> fn) { ex().at_end(std::move(fn)); }
bool spurious_wakeups() { return ex().spurious_wakeups(); }

}  // namespace lockstep::detail
