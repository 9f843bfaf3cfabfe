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

ThreadId DfsStrategy::pick(const SchedulingPoint& point) {
  // Keep running the previous thread when it can (no preemption), so the first schedules
  // explored are the simplest ones; once the bound is used up, it is the only choice.
  const bool can_continue = point.previous >= 0 && (point.enabled & bit(point.previous)) != 0;
  const ThreadId preferred = can_continue ? static_cast<ThreadId>(point.previous) : lowest(point.enabled);
  if (bound_ == kUnbounded) return path_.pick(point.enabled, preferred);
  std::uint64_t allowed = point.enabled;
  if (can_continue && point.execution.preemptions() >= bound_) {
    allowed = bit(preferred);
    cut_ |= allowed != point.enabled;
  }
  return path_.pick(allowed, preferred);
}

}  // namespace lockstep::detail
