// Renders the latest execution's steps as the numbered trace users see.
#include "report/trace.hpp"

#include "report/describe.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {
namespace {

StepEffect effect_of(const Execution& execution, const StepRecord& s) {
  StepEffect e;
  const Op& op = s.op;
  const bool event = op.object != kNoObject && execution.object(op.object).kind == ObjectKind::event;
  const bool process_condition =
      op.object != kNoObject && execution.object(op.object).kind == ObjectKind::process_condition;
  switch (op.kind) {
    case OpKind::acquire: e.acquires = true; break;
    case OpKind::try_acquire: e.acquires = s.result != 0; break;
    case OpKind::release: e.releases = true; break;
    case OpKind::wait:  // a condition wait gives its lock up and sleeps, unless timeout=0
      e.releases = true;
      e.whole = true;
      e.blocks = op.arg != 0;
      break;
    case OpKind::wait_wake:
      e.wakes = true;
      e.notified = s.result != 0;
      // threading.Condition takes its lock back in the step that wakes it when notified.
      e.acquires = e.notified && !event && !process_condition;
      break;
    case OpKind::wait_reacquire: e.acquires = true; break;
    case OpKind::notify:
      e.notifies = true;
      e.woke = static_cast<int>(s.result);
      break;
    case OpKind::event_set:
      e.notifies = true;
      e.woke = -1;
      break;
    case OpKind::event_wait: e.blocks = s.result == 0; break;
    case OpKind::event_wait_timed: e.blocks = s.result == 0 && op.arg != 0; break;
    // SharedMutex (std::shared_mutex): held exclusively or shared, drawn alike
    case OpKind::rw_lock:
    case OpKind::rw_lock_shared: e.acquires = true; break;
    case OpKind::rw_try_lock:
    case OpKind::rw_try_lock_shared: e.acquires = s.result != 0; break;
    case OpKind::rw_unlock:
    case OpKind::rw_unlock_shared: e.releases = true; break;
    default: break;
  }
  return e;
}

}  // namespace

std::vector<TraceStep> render_trace(const Execution& execution) {
  std::vector<TraceStep> trace;
  trace.reserve(execution.steps().size());
  int number = 0;
  for (const StepRecord& s : execution.steps()) {
    trace.push_back({++number, execution.thread_name(s.thread), describe_step(execution, s), step_object(execution, s),
                     format_location(s.op.location), effect_of(execution, s)});
  }
  return trace;
}

}  // namespace lockstep::detail
