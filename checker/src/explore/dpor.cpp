// Optimal DPOR (Abdulla, Aronis, Jonsson, Sagonas, JACM 2017): see dpor.hpp.
#include "explore/dpor.hpp"

#include <algorithm>
#include <string>

#include "runtime/execution.hpp"

namespace lockstep::detail {
namespace {

void join_into(std::array<std::uint32_t, kMaxThreads>& into, const std::array<std::uint32_t, kMaxThreads>& from) {
  for (int t = 0; t < kMaxThreads; ++t) into[t] = std::max(into[t], from[t]);
}

}  // namespace

bool DporStrategy::next_execution() {
  if (started_) {
    if (!abandoned_ && execution_ != nullptr) analyze();
    if (!backtrack()) {
      exhausted_ = true;
      return false;
    }
  }
  started_ = true;
  begin_execution();
  return true;
}

void DporStrategy::begin_execution() {
  cursor_ = 0;
  absorbed_ = 0;
  scheduled_step_.reset();
  scheduled_node_ = -1;
  events_.clear();
  blocked_.clear();
  for (auto& c : clock_) c.fill(0);
  seq_.fill(0);
  last_.fill(-1);
  was_blocked_ = 0;
  history_.clear();
  unindexed_.clear();
  lock_depth_.clear();
  saved_depth_.fill(0);
  incoming_wakeup_.clear();
  incoming_sleep_ = 0;
  abandoned_ = false;
}

// Finds the deepest scheduling point with a branch left (a thread of its wakeup tree, or
// the next choose() value) and drops the points below it.
bool DporStrategy::backtrack() {
  while (!stack_.empty()) {
    Node& node = stack_.back();
    if (node.value) {
      if (node.chosen_value + 1 < node.count) {
        node.resume = true;
        return true;
      }
    } else {
      node.sleep |= bit(node.chosen);
      std::erase_if(node.wakeup, [&](const Branch& b) {
        const std::uint64_t t = bit(b.action.thread);
        return (node.enabled & t) == 0 || (node.sleep & t) != 0;
      });
      if (!node.wakeup.empty()) {
        node.resume = true;
        return true;
      }
    }
    stack_.pop_back();
  }
  return false;
}

ThreadId DporStrategy::pick(const SchedulingPoint& point) {
  execution_ = &point.execution;
  absorb();
  std::uint64_t blocked = 0;
  for (int t = 0; t < point.execution.thread_count(); ++t) {
    if (!point.execution.finished(static_cast<ThreadId>(t)) && (point.enabled & bit(t)) == 0) blocked |= bit(t);
  }
  note_blocked(blocked);
  ThreadId chosen;
  if (cursor_ < stack_.size()) {
    Node& node = stack_[cursor_];
    if (node.value || node.enabled != point.enabled) {
      throw Divergence{"at scheduling point " + std::to_string(cursor_ + 1) +
                       " the set of runnable threads differs from the recorded one"};
    }
    if (node.resume) {
      node.resume = false;
      take_branch(node);
    }
    chosen = node.chosen;
  } else {
    chosen = open_node(point);
  }
  scheduled_step_ = point.execution.steps().size();
  scheduled_node_ = static_cast<int>(cursor_);
  ++cursor_;
  return chosen;
}

// A scheduling point reached for the first time: it explores the wakeup tree it inherited,
// or else one thread that is not asleep; when every enabled thread sleeps, each way to go
// on is equivalent to an execution explored already.
ThreadId DporStrategy::open_node(const SchedulingPoint& point) {
  Node node;
  node.enabled = point.enabled;
  node.pending.reserve(static_cast<std::size_t>(point.execution.thread_count()));
  for (int t = 0; t < point.execution.thread_count(); ++t) node.pending.push_back(point.execution.pending(static_cast<ThreadId>(t)));
  node.sleep = incoming_sleep_ & node.enabled;
  node.wakeup = std::move(incoming_wakeup_);
  incoming_wakeup_.clear();
  std::erase_if(node.wakeup, [&](const Branch& b) {
    const std::uint64_t t = bit(b.action.thread);
    return (node.enabled & t) == 0 || (node.sleep & t) != 0;
  });
  if (node.wakeup.empty()) {
    const std::uint64_t awake = node.enabled & ~node.sleep;
    if (awake == 0) {
      abandoned_ = true;
      throw Abandon{};
    }
    const ThreadId t = point.previous >= 0 && (awake & bit(point.previous)) != 0 ? static_cast<ThreadId>(point.previous)
                                                                                : lowest(awake);
    node.wakeup.push_back({Action{t, node.pending[t]}, {}});
  }
  stack_.push_back(std::move(node));
  take_branch(stack_.back());
  return stack_.back().chosen;
}

// Takes the first branch left at `node`: its subtree and the threads still asleep after
// the chosen step go to the next scheduling point.
void DporStrategy::take_branch(Node& node) {
  Branch branch = std::move(node.wakeup.front());
  node.wakeup.erase(node.wakeup.begin());
  node.chosen = branch.action.thread;
  incoming_wakeup_ = std::move(branch.children);
  const Dependence dependence(*execution_);
  const Action chosen{node.chosen, node.pending[node.chosen]};
  incoming_sleep_ = 0;
  for (std::uint64_t rest = node.sleep; rest != 0; rest &= rest - 1) {
    const ThreadId q = lowest(rest);
    if (!dependence.dependent(Action{q, node.pending[q]}, chosen)) incoming_sleep_ |= bit(q);
  }
}

int DporStrategy::choose(int n) {
  if (cursor_ < stack_.size()) {
    Node& node = stack_[cursor_++];
    if (!node.value || node.count != n) {
      throw Divergence{"at choice " + std::to_string(cursor_) + " choose() was called differently than recorded"};
    }
    if (node.resume) {
      node.resume = false;
      ++node.chosen_value;
      incoming_wakeup_ = node.wakeup;
      incoming_sleep_ = node.sleep;
    }
    return node.chosen_value;
  }
  Node node;
  node.value = true;
  node.count = n;
  node.wakeup = incoming_wakeup_;
  node.sleep = incoming_sleep_;
  stack_.push_back(std::move(node));
  ++cursor_;
  return 0;
}

// Turns the steps recorded since the last call into events with vector clocks: program
// order, spawn (the child starts knowing what its parent knew), and dependence.
void DporStrategy::absorb() {
  const auto& steps = execution_->steps();
  for (; absorbed_ < steps.size(); ++absorbed_) {
    const StepRecord& s = steps[absorbed_];
    if (scheduled_step_ == absorbed_) {
      Event e = make_event(Action{s.thread, s.op, true, s.result}, scheduled_node_);
      track_locks(e);
      const ThreadId t = s.thread;
      clock_[t] = e.clock;
      seq_[t] = e.seq;
      last_[t] = static_cast<int>(events_.size());
      index(e, static_cast<int>(events_.size()));
      stack_[static_cast<std::size_t>(scheduled_node_)].event = static_cast<int>(events_.size());
      events_.push_back(std::move(e));
    } else if (s.op.kind == OpKind::spawn && s.op.arg >= 0 && s.op.arg < kMaxThreads) {
      clock_[static_cast<std::size_t>(s.op.arg)] = clock_[s.thread];
    }
  }
}

// Follows each lock's holding depth, to tell the step that starts a critical section (it
// took the lock while free) from a re-entrant acquire.
void DporStrategy::track_locks(Event& e) {
  const Dependence dependence(*execution_);
  const Action& a = e.action;
  auto depth = [this](ObjectId lock) -> int& {
    if (lock >= lock_depth_.size()) lock_depth_.resize(lock + 1, 0);
    return lock_depth_[lock];
  };
  if (const auto freed = dependence.frees(a); freed && *freed != kNoObject) {
    if (a.op.kind == OpKind::wait) {
      saved_depth_[a.thread] = depth(*freed);
      depth(*freed) = 0;
    } else {
      depth(*freed) = std::max(0, depth(*freed) - 1);
    }
  }
  std::optional<ObjectId> taken = dependence.takes(a);
  if (a.op.kind == OpKind::try_acquire && a.result == 1) taken = a.op.object;
  if (!taken || *taken == kNoObject) return;
  if (a.op.kind == OpKind::acquire || a.op.kind == OpKind::try_acquire) {
    e.fresh_take = depth(*taken)++ == 0;
  } else {
    e.fresh_take = true;
    depth(*taken) = std::max(1, saved_depth_[a.thread]);
  }
}

// The steps a new one may depend on: per object it touches, the latest write and, when it
// writes, the reads since (every older access is ordered before that write); the latest
// step of a thread it joins; the steps no index holds. Without an index: every step.
DporStrategy::Event DporStrategy::make_event(const Action& action, int node) const {
  const ThreadId t = action.thread;
  Event e{action, seq_[t] + 1, node, last_[t], clock_[t], clock_[t], false, {}};
  const Dependence dependence(*execution_);
  Dependence::Access accesses[2];
  int count = 0;
  int joins = -1;
  std::vector<int>& candidates = e.dependent;
  if (dependence.accesses(action, accesses, count, joins)) {
    for (int i = 0; i < count; ++i) {
      if (accesses[i].object >= history_.size()) continue;
      const History& h = history_[accesses[i].object];
      if (h.last_write >= 0) candidates.push_back(h.last_write);
      if (accesses[i].write) candidates.insert(candidates.end(), h.reads.begin(), h.reads.end());
    }
    if (joins >= 0 && joins < kMaxThreads && last_[static_cast<std::size_t>(joins)] >= 0) {
      candidates.push_back(last_[static_cast<std::size_t>(joins)]);
    }
    candidates.insert(candidates.end(), unindexed_.begin(), unindexed_.end());
    std::sort(candidates.begin(), candidates.end(), std::greater<>());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  } else {
    for (int j = static_cast<int>(events_.size()); j-- > 0;) candidates.push_back(j);
  }
  std::erase_if(candidates, [&](int j) {
    const Event& x = events_[static_cast<std::size_t>(j)];
    return x.action.thread == t || !dependence.dependent(x.action, action);
  });
  for (int j : candidates) {
    const Event& x = events_[static_cast<std::size_t>(j)];
    if (e.clock[x.action.thread] < x.seq) join_into(e.clock, x.clock);
  }
  e.clock[t] = e.seq;
  return e;
}

void DporStrategy::index(const Event& e, int at) {
  const Dependence dependence(*execution_);
  Dependence::Access accesses[2];
  int count = 0;
  int joins = -1;
  if (!dependence.accesses(e.action, accesses, count, joins)) {
    unindexed_.push_back(at);
    return;
  }
  for (int i = 0; i < count; ++i) {
    const ObjectId object = accesses[i].object;
    if (object == kNoObject) continue;
    if (object >= history_.size()) history_.resize(object + 1);
    History& h = history_[object];
    if (accesses[i].write) {
      h.last_write = at;
      h.reads.clear();
    } else {
      h.reads.push_back(at);
    }
  }
}

// A thread that cannot move has a pending operation that races with earlier steps too: the
// orderings in which it runs before them are found from it. It is looked at when it gets
// blocked and whenever a step dependent with its operation was taken since.
void DporStrategy::note_blocked(std::uint64_t blocked) {
  const Dependence dependence(*execution_);
  for (std::uint64_t rest = blocked; rest != 0; rest &= rest - 1) {
    const ThreadId t = lowest(rest);
    const Action pending{t, execution_->pending(t)};
    const bool fresh = (was_blocked_ & bit(t)) == 0;
    const bool touched = !events_.empty() && dependence.dependent(events_.back().action, pending);
    if (fresh || touched) blocked_.push_back({make_event(pending, -1), events_.size()});
  }
  was_blocked_ = blocked;
}

void DporStrategy::analyze() {
  absorb();
  note_blocked(execution_->parked_at_end());
  for (std::size_t i = 0; i < events_.size(); ++i) races(events_[i], i);
  for (const Blocked& b : blocked_) races(b.event, b.end);
}

// The steps among the first `end` that race with `later`: dependent with it, of another
// thread, and ordered before it by no other step. A lock handed over (released, then taken
// by `later`) is seen through: `later` races with the step that started the critical
// section the release ended, so the critical sections get explored in the other order.
void DporStrategy::races(const Event& later, std::size_t end) {
  const Dependence dependence(*execution_);
  std::vector<std::size_t> candidates(later.dependent.begin(), later.dependent.end());  // latest first
  Clock cover = later.before;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Event& e = events_[candidates[i]];
    if (cover[e.action.thread] < e.seq) {
      if (dependence.hands_over(e.action, later.action)) {
        // The takes of that lock by e's thread back to the one that found it free; when
        // none is known to have, every one of them (more reversals, never fewer).
        std::vector<std::size_t> takes;
        for (std::size_t k = candidates[i]; k-- > 0;) {
          const Event& c = events_[k];
          const bool took = dependence.hands_over(e.action, c.action) ||
                            (c.action.op.kind == OpKind::try_acquire && c.action.result == 1 &&
                             dependence.frees(e.action) == c.action.op.object);
          if (c.action.thread != e.action.thread || !took) continue;
          if (cover[c.action.thread] >= c.seq) break;
          if (c.fresh_take) takes.clear();
          takes.push_back(k);
          if (c.fresh_take) break;
        }
        for (std::size_t k : takes) reverse(k, later, end);
      } else {
        reverse(candidates[i], later, end);
      }
    }
    join_into(cover, e.clock);
  }
}

// Schedules `later` before events_[first]: the wakeup sequence is every step after `first`
// that does not happen after it, then `later`.
void DporStrategy::reverse(std::size_t first, const Event& later, std::size_t end) {
  const Event& e = events_[first];
  const Node& node = stack_[static_cast<std::size_t>(e.node)];
  const ThreadId q = later.action.thread;
  if (!Dependence(*execution_).reversible(e.action, later.action)) return;
  // `later` was already q's pending operation there: it could run first only if enabled.
  if (later.prev < static_cast<int>(first) && q < node.pending.size() && (node.enabled & bit(q)) == 0) return;
  Sequence w;
  for (std::size_t k = first + 1; k < end; ++k) {
    if (events_[k].clock[e.action.thread] < e.seq) w.push_back(&events_[k]);
  }
  w.push_back(&later);
  insert(e.node, std::move(w));
}

// p is a weak initial of w: w can start with p's step, or p's pending step commutes with
// all of w.
bool DporStrategy::weak_initial(const Action& p, const Sequence& w) const {
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i]->action.thread != p.thread) continue;
    for (std::size_t k = 0; k < i; ++k) {
      if (w[i]->clock[w[k]->action.thread] >= w[k]->seq) return false;
    }
    return true;
  }
  const Dependence dependence(*execution_);
  for (const Event* x : w) {
    if (dependence.dependent(p, x->action)) return false;
  }
  return true;
}

// insert_[E'](w, wut(E')) of the paper, where E' is the scheduling point `index`: the branch
// being explored is the smallest one, and it continues down the current execution.
void DporStrategy::insert(int index, Sequence w) {
  const Node& root = stack_[static_cast<std::size_t>(index)];
  for (std::uint64_t rest = root.sleep; rest != 0; rest &= rest - 1) {
    const ThreadId q = lowest(rest);
    if (weak_initial(Action{q, root.pending[q]}, w)) return;  // an explored branch covers it
  }
  auto drop = [&w](ThreadId t) {
    auto it = std::find_if(w.begin(), w.end(), [t](const Event* x) { return x->action.thread == t; });
    if (it != w.end()) w.erase(it);
  };
  std::size_t m = static_cast<std::size_t>(index);
  for (;;) {
    Node& node = stack_[m];
    const Action& current = events_[static_cast<std::size_t>(node.event)].action;
    if (!weak_initial(current, w)) {
      insert_into(node.wakeup, std::move(w));
      return;
    }
    drop(current.thread);
    do {
      ++m;
    } while (m < stack_.size() && (stack_[m].value || stack_[m].event < 0));
    if (w.empty() || m >= stack_.size()) return;  // the current execution covers it
  }
}

void DporStrategy::insert_into(std::vector<Branch>& tree, Sequence w) const {
  std::vector<Branch>* level = &tree;
  for (bool descended = true; descended;) {
    descended = false;
    for (Branch& b : *level) {
      if (!weak_initial(b.action, w)) continue;
      auto it = std::find_if(w.begin(), w.end(), [&](const Event* x) { return x->action.thread == b.action.thread; });
      if (it != w.end()) w.erase(it);
      if (b.children.empty() || w.empty()) return;  // a leaf (or all of w) is there already
      level = &b.children;
      descended = true;
      break;
    }
  }
  for (const Event* x : w) {
    level->push_back({Action{x->action.thread, x->action.op}, {}});
    level = &level->back().children;
  }
}

}  // namespace lockstep::detail
