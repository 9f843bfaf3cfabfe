#include "explore/dfs.hpp"

namespace lockstep::detail {

bool DfsStrategy::next_execution() {
  preemptions_ = 0;
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
  if (can_continue && preemptions_ >= bound_) {
    allowed = bit(preferred);
    cut_ |= allowed != point.enabled;
  }
  const ThreadId t = path_.pick(allowed, preferred);
  if (can_continue && t != preferred) ++preemptions_;
  return t;
}

}  // namespace lockstep::detail
