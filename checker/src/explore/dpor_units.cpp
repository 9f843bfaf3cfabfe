#include "explore/dpor_units.hpp"

#include <bit>

#include "runtime/execution.hpp"

namespace lockstep::detail {

bool DporUnits::next_execution() {
  if (!started_) {
    started_ = true;
    dpor_ = std::make_unique<DporStrategy>();
    dpor_->set_floor(kNever);  // every choice given by the prefix, as dfs makes it
    return dpor_->next_execution();
  }
  if (first_) {
    first_ = false;
    find_split();
    prefix_.truncate(split_);
    // Unit 0 again, explored from scratch by whoever claims it.
    prefix_.rewind();
    unit_known_ = false;
    dpor_ = std::make_unique<DporStrategy>();
    dpor_->set_floor(split_);
    return dpor_->next_execution();
  }
  owns_execution();
  if (owned_ && dpor_->next_execution()) {
    prefix_.rewind();
    return true;
  }
  return next_unit();
}

bool DporUnits::next_unit() {
  prefix_.truncate(split_);
  if (!prefix_.advance(false)) {
    exhausted_ = true;
    return false;
  }
  ++unit_;
  unit_known_ = false;
  dpor_ = std::make_unique<DporStrategy>();
  dpor_->set_floor(split_);
  return dpor_->next_execution();
}

ThreadId DporUnits::pick(const SchedulingPoint& point) {
  if (!first_ && !unit_known_ && prefix_.position() >= split_ && !enter_unit()) throw Abandon{};
  if (prefix_.position() < split_) {
    // Within the prefix: dfs's choice (the thread that ran goes on when it can), which the
    // frozen dpor takes too.
    const bool can_continue = point.previous >= 0 && (point.enabled & bit(point.previous)) != 0;
    const ThreadId t = prefix_.pick(point.enabled, can_continue ? static_cast<ThreadId>(point.previous) : lowest(point.enabled));
    if (t == Path::kDiverged) throw prefix_.divergence();
    dpor_->force(t);
  }
  return dpor_->pick(point);
}

int DporUnits::choose(int n) {
  if (prefix_.position() < split_) dpor_->force(prefix_.choose(n));
  return dpor_->choose(n);
}

bool DporUnits::enter_unit() {
  unit_known_ = true;
  owned_ = partition_.claim(unit_);
  return owned_;
}

void DporUnits::find_split() { split_ = partition_.split_depth(prefix_.choices()); }

bool DporUnits::owns_execution() {
  if (first_) return false;
  if (!unit_known_) enter_unit();  // it ended before the split depth: a unit of its own
  return owned_;
}

}  // namespace lockstep::detail
