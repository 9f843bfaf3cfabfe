// Vector-clock happens-before and the data-race check on Shared variables.
#include "runtime/happens_before.hpp"

#include <algorithm>

namespace lockstep::detail {

// Zeroes the new entries of every clock in use.
void HappensBefore::widen(int width) {
  auto zero = [this, width](VectorClock& clock) { std::fill(clock.begin() + width_, clock.begin() + width, 0); };
  for (int t = 0; t < live_ - 1; ++t) zero(threads_[static_cast<std::size_t>(t)]);
  for (std::size_t o = 0; o < object_count_; ++o) zero(objects_[o]);
  width_ = width;
}

void HappensBefore::make_room(ObjectId object) {
  if (objects_.size() <= object) {
    objects_.resize(static_cast<std::size_t>(object) + 1);
    known_by_.resize(static_cast<std::size_t>(object) + 1);
    variable_of_.resize(static_cast<std::size_t>(object) + 1);
  }
  if (variable_count_ == variables_.size()) variables_.emplace_back();
}

}  // namespace lockstep::detail
