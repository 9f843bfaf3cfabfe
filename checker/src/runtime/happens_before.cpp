// Vector-clock happens-before and the data-race check on Shared variables.
#include "runtime/happens_before.hpp"

#include <algorithm>

namespace lockstep::detail {

void HappensBefore::reset() {
  live_ = 0;
  object_count_ = 0;
  variable_count_ = 0;
}

// Zeroes the new entries of every clock in use.
void HappensBefore::widen(int width) {
  auto zero = [this, width](VectorClock& clock) { std::fill(clock.begin() + width_, clock.begin() + width, 0); };
  for (int t = 0; t < live_ - 1; ++t) zero(threads_[static_cast<std::size_t>(t)]);
  for (std::size_t o = 0; o < object_count_; ++o) zero(objects_[o]);
  width_ = width;
}

void HappensBefore::add_object(ObjectId object) {
  object_count_ = static_cast<std::size_t>(object) + 1;
  if (objects_.size() < object_count_) {
    objects_.resize(object_count_);
    known_by_.resize(object_count_);
  }
  clear(objects_[object]);
  known_by_[object] = kEveryone;
}

void HappensBefore::add_variable(ObjectId object) {
  if (variable_of_.size() <= object) variable_of_.resize(static_cast<std::size_t>(object) + 1);
  variable_of_[object] = static_cast<std::uint32_t>(variable_count_);
  if (variable_count_ == variables_.size()) variables_.emplace_back();
  Variable& fresh = variables_[variable_count_++];
  fresh.store = {};
  fresh.loaded = 0;
}

}  // namespace lockstep::detail
