// Renders the latest execution's steps as the numbered trace users see.
#include "report/trace.hpp"

#include "report/describe.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {

std::vector<TraceStep> render_trace(const Execution& execution) {
  std::vector<TraceStep> trace;
  trace.reserve(execution.steps().size());
  int number = 0;
  for (const StepRecord& s : execution.steps()) {
    trace.push_back({++number, execution.thread_name(s.thread), describe_step(execution, s), step_object(execution, s),
                     format_location(s.op.location)});
  }
  return trace;
}

}  // namespace lockstep::detail
