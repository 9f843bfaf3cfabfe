// PCT's scheduler: see pct.hpp.
#include "explore/pct.hpp"

#include <algorithm>

namespace lockstep::detail {
namespace {

// k before any execution has been seen to end: a guess, replaced by the longest one so far.
constexpr std::uint64_t kFirstGuess = 32;

}  // namespace

bool PctStrategy::next_execution() {
  shard_.next_execution(random_, seed_);
  longest_ = std::max(longest_, step_);
  const std::uint64_t k = longest_ > 0 ? longest_ : kFirstGuess;
  priority_.fill(0);
  change_points_.clear();
  for (int i = 1; i < depth_; ++i) change_points_.push_back(1 + random_() % k);
  step_ = 0;
  return true;
}

ThreadId PctStrategy::pick(const SchedulingPoint& point) {
  ThreadId best = lowest(point.enabled);
  for (std::uint64_t rest = point.enabled; rest != 0; rest &= rest - 1) {
    const ThreadId t = lowest(rest);
    // Uniform among 2^63 values: distinct with overwhelming probability, and ties go to
    // the lower thread id, so the order stays a function of the seed.
    if (priority_[t] == 0) priority_[t] = kStart + (random_() >> 1);
    if (priority_[t] > priority_[best]) best = t;
  }
  ++step_;
  for (std::size_t i = 0; i < change_points_.size(); ++i) {
    if (change_points_[i] == step_) priority_[best] = i + 1;
  }
  return best;
}

}  // namespace lockstep::detail
