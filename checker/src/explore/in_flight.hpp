// The supervised exploration in progress in this process, seen from a process about to
// die (a model called exit(), a real std::thread crashed, the memory ran out): its last
// word to the supervisor. Both do nothing unless RunOptions::publication was set.
#pragma once

#include <optional>
#include <string>

#include "lockstep/run.hpp"

namespace lockstep::detail {

// Publishes the execution in progress now. Async-signal-safe.
void publish_in_flight();
// What the exploration would report if its execution in progress ended now in `kind`:
// the trace so far and the token that replays it. Allocates: for a death that is not a
// signal in the middle of the allocator.
std::optional<RunResult> result_in_flight(FailureKind kind, std::string message);

}  // namespace lockstep::detail
