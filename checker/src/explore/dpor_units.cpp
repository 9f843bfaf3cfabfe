#include "explore/dpor_units.hpp"

#include <bit>

#include "explore/dependence.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {

bool DporUnits::next_execution() {
  // An execution that ended inside the prefix ended with the step taken at its last node (a
  // failure, or the end abandoning daemons): that thread stays awake in the later branches
  // there, which may run steps before it (DporStrategy's Node::failed).
  if (!first_ && !pruned_ && !past_split_ && last_node_ != kNever) ended_[last_node_] |= bit(last_thread_);
  sleep_ = sleep_creates_ = 0;
  last_node_ = kNever;
  past_split_ = false;
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
    spawned_.assign(split_, 0);
    ended_.assign(split_, 0);
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
  if (!pruned_) ++unit_;  // a pruned prefix left its number to this one
  pruned_ = false;
  unit_known_ = false;
  dpor_ = std::make_unique<DporStrategy>();
  dpor_->set_floor(split_);
  return dpor_->next_execution();
}

ThreadId DporUnits::pick(const SchedulingPoint& point) {
  const std::size_t at = prefix_.position();
  if (!first_ && at == split_) {
    past_split_ = true;
    if (!enter_split(point)) throw Abandon{};
  }
  if (at < split_) {
    ThreadId t;
    if (first_) {
      // The first execution: dfs's choice (the thread that ran goes on when it can).
      const bool can_continue = point.previous >= 0 && (point.enabled & bit(point.previous)) != 0;
      t = prefix_.pick(point.enabled, can_continue ? static_cast<ThreadId>(point.previous) : lowest(point.enabled));
      if (t == Path::kDiverged) throw prefix_.divergence();
    } else {
      t = walk_prefix(point, at);
    }
    dpor_->force(t);  // which the frozen dpor takes too
  }
  return dpor_->pick(point);
}

ThreadId DporUnits::walk_prefix(const SchedulingPoint& point, std::size_t at) {
  const Execution& execution = point.execution;
  if (last_node_ != kNever) note_started(execution);
  // A new node takes dfs's choice among the threads awake there; none: no unit below.
  const std::uint64_t awake = point.enabled & ~sleep_;
  const bool fresh = at == prefix_.choices().size();
  if (fresh && awake == 0) prune(at);
  const bool can_continue = point.previous >= 0 && (awake & bit(point.previous)) != 0;
  const ThreadId t = prefix_.pick(point.enabled, can_continue ? static_cast<ThreadId>(point.previous) : lowest(fresh ? awake : point.enabled));
  if (t == Path::kDiverged) throw prefix_.divergence();
  // A branch advance() moved to a thread asleep here: its subtree is an earlier branch's,
  // up to the order of independent steps.
  if ((sleep_ & bit(t)) != 0) prune(at + 1);
  const Choice& c = prefix_.choices()[at];
  // The branches taken here before this one: `first`, then ascending (explore/path.cpp).
  std::uint64_t before = 0;
  if (c.chosen == c.first) {
    spawned_[at] = ended_[at] = 0;  // the node's first branch: nothing known of the others yet
  } else {
    before = (bit(static_cast<ThreadId>(c.first)) | (c.alternatives & (bit(t) - 1))) & ~bit(t) & ~ended_[at];
  }
  const std::uint64_t asleep = (sleep_ | before) & point.enabled;
  const std::uint64_t creates = (sleep_creates_ | (spawned_[at] & before)) & asleep;
  sleep_ = sleep_creates_ = 0;
  if (asleep != 0) {
    // As DporStrategy::take(): a sleeper stays asleep past a step independent of its own.
    const Dependence dependence(execution);
    const Dependence::Footprint step = dependence.footprint(DporStrategy::pending_of(execution, t));
    for (std::uint64_t rest = asleep; rest != 0; rest &= rest - 1) {
      const ThreadId q = lowest(rest);
      Action a = DporStrategy::pending_of(execution, q);
      a.creates = (creates & bit(q)) != 0;
      const Dependence::Footprint asleep_step = dependence.footprint(a);
      // A daemon's step does not commute with the step that ends the execution (abandoning
      // the daemon where it stands), which a pending step cannot tell: it wakes every sleeper,
      // and a sleeping daemon wakes at every step (explore/dependence.hpp, Footprint::daemon).
      // A probe of a thread's end (is_alive(), join(timeout)) too, whose relation DporStrategy
      // does not trust to cover either (insert()): with it asleep, 2 shards split 256 units
      // each explored 8 executions of a program dpor explores in 9.
      if (step.daemon || asleep_step.daemon || step.sees_end || asleep_step.sees_end ||
          Dependence::dependent(q, asleep_step, t, step)) {
        continue;
      }
      sleep_ |= bit(q);
      if (a.creates) sleep_creates_ |= bit(q);
    }
  }
  last_node_ = at;
  last_thread_ = t;
  threads_ = execution.thread_count();
  return t;
}

// As DporStrategy::started_a_thread(): a thread started since the last thread node was
// started by its step, which is then known to (at that node, for the later branches there),
// and wakes the sleepers whose step started or may start one (threads are numbered in the
// order they start).
void DporUnits::note_started(const Execution& execution) {
  if (execution.thread_count() == threads_) return;
  threads_ = execution.thread_count();
  spawned_[last_node_] |= bit(last_thread_);
  if (sleep_ == 0) return;
  const Dependence dependence(execution);
  for (std::uint64_t rest = sleep_; rest != 0; rest &= rest - 1) {
    const ThreadId q = lowest(rest);
    if ((sleep_creates_ & bit(q)) != 0 || dependence.footprint(DporStrategy::pending_of(execution, q)).creates) {
      sleep_ &= ~bit(q);
      sleep_creates_ &= ~bit(q);
    }
  }
}

// The scheduling point after the prefix: the unit starts here, unless every enabled thread is
// asleep (each way on was explored under an earlier prefix).
bool DporUnits::enter_split(const SchedulingPoint& point) {
  if (last_node_ != kNever) note_started(point.execution);
  if (unit_known_) return owned_;
  if ((point.enabled & ~sleep_) == 0) prune(split_);
  return enter_unit();
}

void DporUnits::prune(std::size_t keep) {
  prefix_.truncate(keep);
  pruned_ = true;
  owned_ = false;
  throw Abandon{};
}

int DporUnits::choose(int n) {
  const std::size_t at = prefix_.position();
  if (at < split_) {
    dpor_->force(prefix_.choose(n));  // a value node passes the sleepers on as they are
  }
  return dpor_->choose(n);
}

bool DporUnits::enter_unit() {
  unit_known_ = true;
  owned_ = partition_.claim(unit_);
  return owned_;
}

void DporUnits::find_split() { split_ = partition_.split_depth(prefix_.choices()); }

bool DporUnits::owns_execution() {
  if (first_ || pruned_) return false;
  if (!unit_known_) enter_unit();  // it ended before the split depth: a unit of its own
  return owned_;
}

}  // namespace lockstep::detail
