// Shortest failing schedule by iterative preemption bounding, within a budget.
#include "report/minimize.hpp"

#include <algorithm>
#include <string>

#include "explore/dfs.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {
namespace {

// The same bug: same kind, message and location and, for a deadlock, threads blocked at
// the same places (whichever of two symmetric threads it is). Joins are left out: which
// thread's join blocks is a consequence, and symmetric threads are joined on other lines.
std::vector<std::string> signature(const Failure& f) {
  std::vector<std::string> places;
  for (const auto& b : f.blocked) {
    if (b.waits_for.find(" to finish ") == std::string::npos) places.push_back(b.location);
  }
  std::sort(places.begin(), places.end());
  places.push_back(std::string(to_string(f.kind)) + ' ' + f.message + ' ' + f.location);
  return places;
}

bool better(int preemptions, std::size_t steps, const FailingSchedule& than) {
  return preemptions < than.preemptions || (preemptions == than.preemptions && steps < than.failure.trace.size());
}

}  // namespace

bool worth_minimizing(FailureKind kind) {
  return kind != FailureKind::step_limit && kind != FailureKind::livelock &&
         kind != FailureKind::nondeterministic_model && kind != FailureKind::hang &&
         kind != FailureKind::out_of_memory;  // each attempt could hang or exhaust memory again
}

FailingSchedule shortest_schedule(Execution& execution, FailingSchedule found, const MinimizeBudget& budget) {
  const std::vector<std::string> bug = signature(found.failure);
  std::uint64_t used = 0;
  auto within_budget = [&] {
    return used < budget.executions && ((used & 15) != 0 || std::chrono::steady_clock::now() < budget.deadline);
  };
  // Bound k explores every schedule with at most k preemptions: the first bound with a
  // failing schedule holds the fewest preemptions; exploring it to its end finds the
  // fewest steps for that count.
  for (int bound = 0; bound <= found.preemptions; ++bound) {
    DfsStrategy bounded(bound);
    bool hit = false;
    while (within_budget() && bounded.next_execution()) {
      auto failure = execution.run(bounded);
      ++used;
      if (!failure || signature(*failure) != bug) continue;
      hit = true;
      if (better(execution.preemptions(), failure->trace.size(), found)) {
        found = {std::move(*failure), execution.choices(), execution.preemptions()};
      }
    }
    if (hit || !within_budget()) break;
  }
  return found;
}

}  // namespace lockstep::detail
