#include "explore/dfs.hpp"

#include <bit>


namespace lockstep::detail {

bool DfsStrategy::next_execution() {
  preemptions_ = 0;
  if (!started_) {
    started_ = true;
    return true;
  }
  if (partition_ != nullptr) {
    owns_execution();
    if (!owned_) path_.truncate(split_);  // the rest of another explorer's unit is skipped
  }
  // A bound makes pick() decide again at each choice (the alternatives it allows depend on
  // the preemptions so far), so only unbounded search replays its prefix unchecked.
  if (path_.advance(bound_ == kUnbounded)) {
    // It moved on at a choice of the prefix: a new unit, known once that prefix is made.
    if (partition_ != nullptr && path_.choices().size() <= split_) {
      ++unit_;
      check_at_ = split_;
    }
    return true;
  }
  exhausted_ = true;
  return false;
}

bool DfsStrategy::enter_unit() {
  check_at_ = kNever;
  owned_ = partition_->claim(unit_);
  return owned_;
}

void DfsStrategy::find_split() { split_ = partition_->split_depth(path_.choices()); }

bool DfsStrategy::owns_execution() {
  if (partition_ == nullptr) return true;
  if (split_ == kNever) {  // the first execution: unit 0, whoever claims it
    find_split();
    enter_unit();
  } else if (check_at_ != kNever) {  // it ended before the split depth: a unit of its own
    enter_unit();
  }
  return owned_;
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
