// Vector-clock happens-before and the data-race check on Shared variables.
#include "runtime/happens_before.hpp"

#include <algorithm>

namespace lockstep::detail {

void HappensBefore::reset() {
  live_ = 0;
  object_count_ = 0;
  variable_of_.clear();
  variable_count_ = 0;
}

// Clocks are valid up to live_ only: adding a thread clears its entry in every clock in
// use, which costs less than clearing all kMaxThreads entries of every new clock.
void HappensBefore::add_thread(ThreadId thread, std::optional<ThreadId> parent) {
  live_ = static_cast<int>(thread) + 1;
  if (threads_.size() < static_cast<std::size_t>(live_)) threads_.resize(static_cast<std::size_t>(live_));
  for (int t = 0; t < thread; ++t) threads_[static_cast<std::size_t>(t)][thread] = 0;
  for (std::size_t o = 0; o < object_count_; ++o) objects_[o][thread] = 0;
  VectorClock& clock = threads_[thread];
  if (parent) {
    std::copy_n(threads_[*parent].begin(), live_, clock.begin());
  } else {
    std::fill_n(clock.begin(), live_, 0);
  }
  clock[thread] = 1;
}

void HappensBefore::add_object(ObjectId object) {
  object_count_ = static_cast<std::size_t>(object) + 1;
  if (objects_.size() < object_count_) objects_.resize(object_count_);
  std::fill_n(objects_[object].begin(), live_, 0);
  variable_of_.resize(object_count_);
  variable_of_[object] = -1;
}

std::optional<Race> HappensBefore::access(ThreadId thread, ObjectId variable, bool store,
                                          std::source_location location) {
  if (variable_of_[variable] < 0) {
    if (variable_count_ == variables_.size()) variables_.emplace_back();
    variable_of_[variable] = static_cast<std::int32_t>(variable_count_++);
    Variable& fresh = variables_[static_cast<std::size_t>(variable_of_[variable])];
    fresh.store.epoch = 0;
    fresh.loaded = 0;
  }
  Variable& v = variables_[static_cast<std::size_t>(variable_of_[variable])];
  const VectorClock& now = threads_[thread];
  auto unordered = [&](const Access& a) { return a.epoch != 0 && a.thread != thread && a.epoch > now[a.thread]; };

  if (unordered(v.store)) return Race{v.store.thread, true, v.store.location};
  if (!store) {
    v.loads[thread] = {now[thread], thread, location};
    v.loaded |= std::uint64_t{1} << thread;
    return std::nullopt;
  }
  for (std::uint64_t rest = v.loaded; rest != 0; rest &= rest - 1) {
    const Access& load = v.loads[__builtin_ctzll(rest)];
    if (unordered(load)) return Race{load.thread, false, load.location};
  }
  // Every earlier load is ordered before this store, so later accesses need only check it.
  v.loaded = 0;
  v.store = {now[thread], thread, location};
  return std::nullopt;
}

}  // namespace lockstep::detail
