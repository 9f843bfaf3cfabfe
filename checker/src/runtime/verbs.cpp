// The verbs of lockstep/detail/runtime.hpp, forwarded to the running execution.
#include <cstdio>
#include <cstdlib>
#include <exception>

#include <fmt/format.h>

#include "report/describe.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {
namespace {

Execution& ex() {
  Execution* e = current_execution();
  if (e == nullptr) {
    // A primitive used outside `lockstep run`: there is no execution to report to.
    std::fputs("lockstep: a model primitive was used outside a model execution\n", stderr);
    std::abort();
  }
  return *e;
}

}  // namespace

std::string Object::blocked_on(ThreadId, const Op&) const { return "its turn"; }

ObjectId attach(Object* object, ObjectKind kind, ObjectId parent) { return ex().attach(object, kind, parent); }
void detach(ObjectId id) {
  if (Execution* e = current_execution()) e->detach(id);
}
void rename(ObjectId id, std::string_view name) { ex().rename(id, name); }
std::string object_name(ObjectId id) { return ex().object_name(id); }

ThreadId step(const Op& op) {
  Execution& e = ex();
  if (!e.step(op)) throw Abort{};
  return e.self();
}
ThreadId step_in_destructor(const Op& op) {
  Execution& e = ex();
  return e.step(op) ? e.self() : kTornDown;
}
void set_result(std::int64_t result) { ex().set_result(result); }
int latest_step(ObjectId object, OpKind kind) {
  const std::vector<StepRecord>& steps = ex().steps();
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
  Execution& e = ex();
  const ThreadId child = e.spawn(name, std::move(body));
  e.record({OpKind::spawn, kNoObject, child, location});
  return child;
}
void join_thread(ThreadId thread, std::source_location location) {
  Execution& e = ex();
  if (thread == e.self()) e.fail(FailureKind::model_misuse, "cannot join current thread", location);
  if (!e.step({OpKind::join, kNoObject, thread, location})) throw Abort{};
}
bool finished(ThreadId thread) { return ex().finished(thread); }
ThreadId spawn_daemon(std::string_view name, std::function<void()> body) {
  return ex().spawn_daemon(name, std::move(body));
}
void drop_handle(ThreadId thread, bool joined, std::source_location location) {
  Execution& e = ex();
  if (e.tearing_down() || std::uncaught_exceptions() > 0) return;
  if (!joined && !e.step({OpKind::join_at_exit, kNoObject, thread, location})) return;
  e.release_handle();
}
void yield(std::source_location location) { ex().yield(location); }

void hb_acquire(ObjectId object) {
  Execution& e = ex();
  e.happens_before().acquire(e.self(), object);
}
void hb_release(ObjectId object) {
  Execution& e = ex();
  e.happens_before().release(e.self(), object);
}

namespace {
// Out of line, so that the access path without a race stays short.
[[noreturn, gnu::noinline, gnu::cold]] void fail_race(Execution& e, const Op& op, const HappensBefore::Access& earlier) {
  e.fail(FailureKind::data_race,
         fmt::format("{} {} {} at {}, but {}'s {} at {} is not ordered before it (no happens-before)",
                     e.thread_name(e.self()), op.kind == OpKind::store ? "stores" : "loads", e.object_name(op.object),
                     format_location(op.location), e.thread_name(earlier.thread), earlier.store ? "store" : "load",
                     format_location(earlier.location)),
         op.location);
}
}  // namespace

void shared_access(const Op& op, std::int64_t result) {
  Execution& e = ex();
  e.record(op, result);
  const HappensBefore::Access* earlier =
      e.happens_before().access(e.self(), op.object, op.kind == OpKind::store, op.location);
  if (earlier != nullptr) fail_race(e, op, *earlier);
}

int param(std::string_view name, int default_value) { return ex().param(name, default_value); }
int choose(int n, std::source_location location) { return ex().choose(n, location); }
void at_end(std::function<void()> fn) { ex().at_end(std::move(fn)); }
bool spurious_wakeups() { return ex().spurious_wakeups(); }

}  // namespace lockstep::detail
