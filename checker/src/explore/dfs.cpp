#include "explore/dfs.hpp"

#include "runtime/execution.hpp"

namespace lockstep::detail {

bool DfsStrategy::next_execution() {
  if (!started_) {
    started_ = true;
    return true;
  }
  // A bound makes pick() decide again at each choice (the alternatives it allows depend on
  // the preemptions so far), so only unbounded search replays its prefix unchecked.
  if (path_.advance(bound_ == kUnbounded)) return true;
  exhausted_ = true;
  return false;
}

ThreadId DfsStrategy::pick_bounded(std::uint64_t enabled, bool can_continue, ThreadId preferred,
                                   const Execution& execution) {
  std::uint64_t allowed = enabled;
  if (can_continue && execution.preemptions() >= bound_) {
    allowed = bit(preferred);
    cut_ |= allowed != enabled;
  }
  return path_.pick(allowed, preferred);
}

}  // namespace lockstep::detail
