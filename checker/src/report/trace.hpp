// The trace of the latest execution as users see it (numbered steps with thread, words,
// object and source location), for executions that ended without a failure of their own.
#pragma once

#include <vector>

#include "lockstep/run.hpp"

namespace lockstep::detail {

class Execution;

std::vector<TraceStep> render_trace(const Execution& execution);

}  // namespace lockstep::detail
