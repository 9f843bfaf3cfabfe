#include "explore/dfs.hpp"

#include "runtime/execution.hpp"

namespace lockstep::detail {

bool DfsStrategy::next_execution() {
  if (!started_) {
    started_ = true;
    return true;
  }
  if (path_.advance()) return true;
  exhausted_ = true;
  return false;
}

ThreadId DfsStrategy::pick_bounded(const SchedulingPoint& point, bool can_continue, ThreadId preferred) {
  std::uint64_t allowed = point.enabled;
  if (can_continue && point.execution.preemptions() >= bound_) {
    allowed = bit(preferred);
    cut_ |= allowed != point.enabled;
  }
  return path_.pick(allowed, preferred);
}

}  // namespace lockstep::detail
