// Optimal DPOR (Abdulla, Aronis, Jonsson, Sagonas, JACM 2017): see dpor.hpp.
#include "explore/dpor.hpp"

#include <algorithm>
#include <string>

#include "lockstep/detail/value.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {
namespace {

// Drops the first step of `thread` from the wakeup sequence w.
template <class Sequence>
void drop(Sequence& w, ThreadId thread) {
  auto it = std::find_if(w.begin(), w.end(), [thread](const auto* x) { return x->action.thread == thread; });
  if (it != w.end()) w.erase(it);
}

// `to` made a copy of `from`, no call when both are empty (most objects' reads, the seers).
void copy_ints(const std::vector<int>& from, std::vector<int>& to) {
  if (from.empty() && to.empty()) return;
  to.assign(from.begin(), from.end());
}

}  // namespace

bool DporStrategy::next_execution() {
  if (started_) {
    if (!abandoned_ && execution_ != nullptr) analyze();
    do {
      if (!backtrack()) {
        exhausted_ = true;
        return false;
      }
    } while (splicer_ != nullptr && splicer_->splice(*this));
  }
  started_ = true;
  begin_execution();
  return true;
}

void DporStrategy::begin_execution() {
  cursor_ = 0;
  // The coming execution replays the stack down to its last node, where it branches: the
  // state there is what it will find, and nothing before needs absorbing again.
  restore(stack_.empty() ? Mark{} : stack_.back().mark);
  free_tree(incoming_wakeup_);  // what the last execution ended before reaching
  incoming_wakeup_ = -1;
  incoming_sleep_ = 0;
  incoming_creates_ = 0;
  abandoned_ = false;
}

DporStrategy::Mark DporStrategy::mark() const {
  auto narrow = [](std::size_t n) { return static_cast<std::uint32_t>(n); };
  return {started_threads_,
          was_blocked_,
          narrow(events_.size()),
          narrow(dependent_.size()),
          narrow(blocked_.size()),
          narrow(clocks_used_),
          narrow(absorbed_),
          scheduled_step_ ? narrow(*scheduled_step_) : Mark::kNone,
          scheduled_node_};
}

// Back to the state `m` marked: the events, clocks and blocked entries made since are
// dropped, and what is derived from the kept events (each thread's latest, the per-object
// index, the locks' depths) is rebuilt from them, a pass with no clock work and no sorting.
// The pass starts from what the previous restore() derived (`fold_`) when its events are all
// kept, as they are whenever this execution branches at or below the point the previous one
// did: only the events between the two marks are gone over again, not the whole prefix.
void DporStrategy::restore(const Mark& m) {
  events_.resize(m.events);
  dependent_.resize(m.dependent);
  blocked_.resize(m.blocked);
  clocks_used_ = m.clocks;
  absorbed_ = m.absorbed;
  started_threads_ = m.started;
  was_blocked_ = m.was_blocked;
  if (m.scheduled_step == Mark::kNone) {
    scheduled_step_.reset();
  } else {
    scheduled_step_ = m.scheduled_step;
  }
  scheduled_node_ = m.scheduled_node;
  analyzed_events_ = std::min<std::size_t>(analyzed_events_, m.events);
  analyzed_blocked_ = std::min<std::size_t>(analyzed_blocked_, m.blocked);
  // Per thread, as far as width_: no thread above it was ever seen, so its entries are
  // still as they start (a loop over all kMaxThreads was a third of this function).
  const std::size_t threads = width_;
  std::size_t from = 0;
  if (fold_.valid && fold_.events <= m.events) {
    load_fold(threads);
    from = fold_.events;
  } else {
    std::fill_n(seq_.begin(), threads, 0);
    std::fill_n(last_.begin(), threads, -1);
    std::fill_n(yielded_.begin(), threads, -1);
    for (History& h : history_) {
      h.last_write = -1;
      h.reads.clear();
    }
    last_unindexed_ = -1;
    last_creator_ = -1;
    seers_.clear();
    lock_depth_.clear();
    std::fill_n(saved_depth_.begin(), threads, 0);
    std::fill_n(atomic_depth_.begin(), threads, 0);
  }
  for (std::size_t i = from; i < events_.size(); ++i) {
    const Event& e = events_[i];
    const ThreadId t = e.action.thread;
    const int at = static_cast<int>(i);
    seq_[t] = e.seq;
    last_[t] = at;
    if (e.yields) yielded_[t] = at;
    if (e.action.op.kind == OpKind::atomic_begin && atomic_depth_[t]++ == 0) atomic_start_[t] = at;
    atomic_depth_[t] -= std::min<int>(atomic_depth_[t], e.closes);
    track_locks(e.action, e.footprint);
    index(e, at);
  }
  save_fold(threads);
  for (std::size_t t = 0; t < threads; ++t) {
    if (spawned_at_[t] > m.absorbed) spawned_at_[t] = 0;
    base_[t] = last_[t] >= 0 ? last_[t] : spawned_at_[t] != 0 ? spawn_base_[t] : -1;
  }
  // The footprint of each blocked thread's pending operation: that of its latest entry (the
  // entries of one stay on the same operation while it is blocked), read only for the threads
  // still blocked, so found from the back, not copied for every entry kept.
  std::uint64_t missing = was_blocked_;
  for (std::size_t i = blocked_.size(); i-- > 0 && missing != 0;) {
    const ThreadId t = blocked_[i].event.action.thread;
    if ((missing & bit(t)) == 0) continue;
    missing &= ~bit(t);
    blocked_footprint_[t] = blocked_[i].event.footprint;
  }
}

void DporStrategy::save_fold(std::size_t threads) {
  fold_.valid = true;
  fold_.events = events_.size();
  std::copy_n(seq_.begin(), threads, fold_.seq.begin());
  std::copy_n(last_.begin(), threads, fold_.last.begin());
  std::copy_n(yielded_.begin(), threads, fold_.yielded.begin());
  std::copy_n(saved_depth_.begin(), threads, fold_.saved_depth.begin());
  std::copy_n(atomic_depth_.begin(), threads, fold_.atomic_depth.begin());
  std::copy_n(atomic_start_.begin(), threads, fold_.atomic_start.begin());
  fold_.history.resize(history_.size());
  for (std::size_t i = 0; i < history_.size(); ++i) {
    fold_.history[i].last_write = history_[i].last_write;
    copy_ints(history_[i].reads, fold_.history[i].reads);
  }
  copy_ints(seers_, fold_.seers);
  copy_ints(lock_depth_, fold_.lock_depth);
  fold_.last_unindexed = last_unindexed_;
  fold_.last_creator = last_creator_;
}

// fold_ back into the live state. Entries above the width fold_ was saved at are as every
// thread's start (fold_'s arrays start so), which is what a rebuild from nothing gives them.
void DporStrategy::load_fold(std::size_t threads) {
  std::copy_n(fold_.seq.begin(), threads, seq_.begin());
  std::copy_n(fold_.last.begin(), threads, last_.begin());
  std::copy_n(fold_.yielded.begin(), threads, yielded_.begin());
  std::copy_n(fold_.saved_depth.begin(), threads, saved_depth_.begin());
  std::copy_n(fold_.atomic_depth.begin(), threads, atomic_depth_.begin());
  std::copy_n(fold_.atomic_start.begin(), threads, atomic_start_.begin());
  // Objects the index learnt of since start with no step, as a rebuild leaves them.
  for (std::size_t i = 0; i < history_.size(); ++i) {
    if (i < fold_.history.size()) {
      history_[i].last_write = fold_.history[i].last_write;
      copy_ints(fold_.history[i].reads, history_[i].reads);
    } else {
      history_[i].last_write = -1;
      history_[i].reads.clear();
    }
  }
  copy_ints(fold_.seers, seers_);
  copy_ints(fold_.lock_depth, lock_depth_);
  last_unindexed_ = fold_.last_unindexed;
  last_creator_ = fold_.last_creator;
}

// Finds the deepest scheduling point with a branch left (a thread of its wakeup tree, or
// the next choose() value) and drops the points below it.
bool DporStrategy::backtrack() {
  while (stack_.size() > floor_) {
    Node& node = stack_.back();
    if (node.value) {
      if (node.chosen_value + 1 < node.count) {
        node.resume = true;
        return true;
      }
    } else {
      node.done |= bit(node.chosen);
      if (!node.failed) node.sleep |= bit(node.chosen);
      prune(node);
      if (node.wakeup >= 0) {
        node.resume = true;
        return true;
      }
    }
    free_tree(node.wakeup);
    stack_.pop_back();
  }
  return false;
}

// Out of line, so that pick(), called at every scheduling point and most often to replay one,
// does not build the message's strings in its own frame.
[[noreturn, gnu::cold, gnu::noinline]] void DporStrategy::diverged(std::size_t point, const char* what) {
  throw Divergence{"at scheduling point " + std::to_string(point + 1) + what};
}

ThreadId DporStrategy::pick(const SchedulingPoint& point) {
  execution_ = &point.execution;
  ThreadId chosen;
  if (cursor_ < stack_.size()) {  // replayed: its state was restored (begin_execution)
    Node& node = stack_[cursor_];
    if (node.value || node.enabled != point.enabled) {
      diverged(cursor_, " the set of runnable threads differs from the recorded one");
    }
    if (node.resume) {
      if (point.execution.steps().size() != absorbed_) diverged(cursor_, " the model has taken other steps than recorded");
      node.resume = false;
      take_branch(node);
    }
    chosen = node.chosen;
  } else {
    absorb();
    note_blocked(point.execution.unfinished() & ~point.enabled);
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
  const std::size_t pending = pending_end();
  // Built in place: a Node is large, and a copy of one just written stalls on its stores.
  Node& node = stack_.emplace_back();
  node.enabled = point.enabled;
  node.pending = pending;
  node.threads = point.execution.thread_count();
  // With one thread enabled nothing reads its pending operation after this call: it is never
  // asleep here once chosen (the point is done with then), and no other thread could have run.
  pending_.resize(node.pending);
  if ((node.enabled & (node.enabled - 1)) != 0) {
    for (std::uint64_t rest = node.enabled; rest != 0; rest &= rest - 1) {
      pending_.push_back(pending_of(point.execution, lowest(rest)));
      ++node.kept;
    }
  }
  node.sleep = incoming_sleep_ & node.enabled;
  node.creates = incoming_creates_ & node.sleep;
  node.mark = mark();
  node.wakeup = incoming_wakeup_;
  incoming_wakeup_ = -1;
  if (cursor_ < floor_) {  // a frozen prefix (explore/dpor_units.hpp): the choice is given
    free_tree(node.wakeup);
    node.sleep = 0;
    node.creates = 0;
    node.wakeup = new_branch(pending_here(node, point.execution, static_cast<ThreadId>(forced_)));
    if (apart_ != nullptr) enter_frozen(node);
  }
  prune(node);
  if (node.wakeup < 0) {
    const std::uint64_t awake = node.enabled & ~node.sleep;
    if (awake == 0) {
      stack_.pop_back();
      abandoned_ = true;
      throw Abandon{};
    }
    const ThreadId t = point.previous >= 0 && (awake & bit(point.previous)) != 0 ? static_cast<ThreadId>(point.previous)
                                                                                : lowest(awake);
    // Taken without a branch: interning one and freeing it at once, at each new scheduling
    // point, cost 5% of dpor's time on the peer models.
    take(node, t, -1);
    return node.chosen;
  }
  take_branch(node);
  return node.chosen;
}

Action DporStrategy::pending_of(const Execution& execution, ThreadId thread) {
  Action a;
  a.thread = thread;
  a.op = execution.pending(thread);
  // A compare-exchange that would fail here only reads: sleep sets and wakeup trees
  // then let it commute with another read of the same atomic. A weak one that could
  // succeed may still fail spuriously (a yield), so only its failure is predicted.
  if (a.op.kind == OpKind::compare_exchange || a.op.kind == OpKind::compare_exchange_weak) {
    const bool succeeds = execution.would_change(thread);
    a.known = !succeeds || a.op.kind == OpKind::compare_exchange;
    a.result = succeeds ? kExchanged : kOpaque;
  }
  return a;
}

// Takes the first branch left at `node`: its subtree and the threads still asleep after
// the chosen step go to the next scheduling point.
void DporStrategy::take_branch(Node& node) {
  const int taken = node.wakeup;
  const Branch& first = branch(taken);
  node.wakeup = first.sibling;
  const ThreadId thread = step_of(first).thread;
  const int subtree = first.child;
  free_branch(taken);  // the branch itself is done with; its subtree goes on
  take(node, thread, subtree);
}

void DporStrategy::take(Node& node, ThreadId thread, int subtree) {
  node.chosen = thread;
  incoming_wakeup_ = subtree;
  incoming_sleep_ = 0;
  incoming_creates_ = 0;
  if (node.sleep == 0) return;
  const Dependence dependence(*execution_);
  const Footprint chosen = dependence.footprint(pending_action(node, node.chosen));
  for (std::uint64_t rest = node.sleep; rest != 0; rest &= rest - 1) {
    const ThreadId q = lowest(rest);
    const Action asleep = sleeper(node, q);
    if (!Dependence::dependent(q, dependence.footprint(asleep), node.chosen, chosen)) {
      incoming_sleep_ |= bit(q);
      if (asleep.creates) incoming_creates_ |= bit(q);
    }
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
      incoming_wakeup_ = copy_tree(node.wakeup);
      incoming_sleep_ = node.sleep;
      incoming_creates_ = node.creates;
    }
    return node.chosen_value;
  }
  Node node;
  node.value = true;
  node.count = n;
  node.pending = pending_end();
  node.wakeup = copy_tree(incoming_wakeup_);
  node.sleep = incoming_sleep_;
  node.creates = incoming_creates_;
  if (cursor_ < floor_) node.chosen_value = forced_;  // a frozen prefix: the value is given
  if (cursor_ < floor_ && apart_ != nullptr) enter_frozen(node);
  const int value = node.chosen_value;
  node.mark = mark();
  stack_.push_back(std::move(node));
  ++cursor_;
  return value;
}

// p is a weak initial of w: w can start with p's step, or p's pending step commutes with
// all of w.
bool DporStrategy::weak_initial(const Action& p, const Sequence& w, const Footprint* known) const {
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i]->action.thread != p.thread) continue;
    const std::uint32_t* c = clock(w[i]->clock);
    for (std::size_t k = 0; k < i; ++k) {
      if (c[w[k]->action.thread] >= w[k]->seq) return false;
    }
    return true;
  }
  const Footprint f = known != nullptr ? *known : footprint_here(p);
  for (const Event* x : w) {
    if (Dependence::dependent(p.thread, f, x->action.thread, x->footprint)) return false;
  }
  return true;
}

// insert_[E'](w, wut(E')) of the paper, where E' is the scheduling point `index`: the branch
// being explored is the smallest one, and it continues down the current execution.
void DporStrategy::insert(int index, Sequence& w) {
  // A frozen prefix: its alternatives are other units (--shard), or what it does there is
  // logged (explore_apart()).
  if (static_cast<std::size_t>(index) < floor_ && log_ == nullptr) return;
  const Node& root = stack_[static_cast<std::size_t>(index)];
  for (std::uint64_t rest = root.sleep; rest != 0; rest &= rest - 1) {
    const Action asleep = sleeper(root, lowest(rest));
    // A probe of a thread's end (is_alive(), join(timeout)) is taken as dependent with every
    // step of that thread, since a pending step cannot tell whether it is the last; its claim
    // to cover a sequence it commutes with was wrong twice (lockstep_difftest: main's
    // is_alive(t1) asleep where t2's join(t3, timeout=0) was reversed, t1 never seen ended
    // with t3 ended). It still sleeps there; it only covers no reversal.
    const Footprint probe = footprint_here(asleep);
    if (probe.sees_end) continue;
    if (weak_initial(asleep, w, &probe)) return;  // an explored branch covers it
  }
  std::size_t m = static_cast<std::size_t>(index);
  for (;;) {
    Node& node = stack_[m];
    const Event& current = events_[static_cast<std::size_t>(node.event)];
    if (!weak_initial(current.action, w, &current.footprint)) {
      // A sequence whose first step was explored here already is covered by that subtree.
      // Inserted anyway (and pruned later), its leaf took other sequences starting with steps
      // it commutes with for covered, which an execution that failed right after that step
      // never explored (found by lockstep_difftest: a task_done() that raised first covered
      // the reversal of main's join(timeout) with a put).
      if ((node.done & bit(w.front()->action.thread)) != 0) return;
      insert_at(m, w);
      return;
    }
    drop(w, current.action.thread);
    do {
      ++m;
    } while (m < stack_.size() && (stack_[m].value || stack_[m].event < 0));
    if (w.empty() || m >= stack_.size()) return;  // the current execution covers it
  }
}

void DporStrategy::insert_into(int& tree, Sequence& w) {
  int parent = -1;  // the branch whose children are the level looked at; -1: the root level
  auto level = [&]() -> int& { return parent < 0 ? tree : branch(parent).child; };
  for (bool descended = true; descended;) {
    descended = false;
    for (int b = level(); b >= 0; b = branch(b).sibling) {
      const Branch& at = branch(b);
      const Step& step = step_of(at);
      if (!weak_initial(step.action(), w)) continue;
      drop(w, step.thread);
      if (at.child < 0 || w.empty()) return;  // a leaf (or all of w) is there already
      parent = b;
      descended = true;
      break;
    }
  }
  int last = -1;
  for (int b = level(); b >= 0; b = branch(b).sibling) last = b;
  for (const Event* x : w) {
    const int b = new_branch(x->action);
    (last < 0 ? level() : branch(last).sibling) = b;
    parent = b;
    last = -1;
  }
}

// Drops the branches of threads that are not enabled at `node`, asleep there, or explored
// there already (the same as asleep, but where a failure kept them awake for the steps below).
void DporStrategy::prune(Node& node) {
  for (int* link = &node.wakeup; *link >= 0;) {
    const int b = *link;
    const std::uint64_t t = bit(step_of(branch(b)).thread);
    if ((node.enabled & t) != 0 && ((node.sleep | node.done) & t) == 0) {
      link = &branch(b).sibling;
      continue;
    }
    *link = branch(b).sibling;
    branch(b).sibling = -1;
    free_tree(b);
  }
}

}  // namespace lockstep::detail
