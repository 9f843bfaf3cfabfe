#include "explore/dfs.hpp"

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
  // explored are the simplest ones.
  ThreadId preferred = point.previous >= 0 && (point.enabled & bit(point.previous))
                           ? static_cast<ThreadId>(point.previous)
                           : lowest(point.enabled);
  return path_.pick(point.enabled, preferred);
}

}  // namespace lockstep::detail
