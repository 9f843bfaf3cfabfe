// Shortest failing schedules: after exploration found a failure, iterative preemption
// bounding looks for the same failure with fewer preemptions, then with fewer steps, within
// a budget of executions and time; the trace users see is the best schedule found.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "explore/path.hpp"
#include "lockstep/run.hpp"

namespace lockstep::detail {

class Execution;

struct FailingSchedule {
  Failure failure;
  std::vector<Choice> choices;  // what a replay token records
  int preemptions = 0;
};

// How long the driver searches for the shortest schedule of a failure it found.
inline constexpr std::chrono::seconds kShortestTraceBudget{2};

struct MinimizeBudget {
  std::uint64_t executions = 20000;
  std::chrono::steady_clock::time_point deadline;
};

// Is the failure one worth shortening (not a step limit, livelock or divergence, whose
// re-runs would be long or meaningless)?
bool worth_minimizing(FailureKind kind);

// The schedule failing like `found` (same kind, message and location, threads blocked at
// the same places) with the fewest preemptions, then the fewest steps, among `found` and
// the schedules explored within `budget`.
FailingSchedule shortest_schedule(Execution& execution, FailingSchedule found, const MinimizeBudget& budget);

}  // namespace lockstep::detail
