#include "explore/dfs.hpp"

namespace lockstep::detail {

bool DfsStrategy::next_execution() {
  preemptions_ = 0;
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

ThreadId DfsStrategy::pick_bounded(std::uint64_t enabled, bool can_continue, ThreadId preferred) {
  std::uint64_t allowed = enabled;
  if (can_continue && preemptions_ >= bound_) {
    allowed = bit(preferred);
    cut_ |= allowed != enabled;
  }
  const ThreadId t = path_.pick(allowed, preferred);
  if (can_continue && t != preferred) ++preemptions_;
  return t;
}

}  // namespace lockstep::detail
