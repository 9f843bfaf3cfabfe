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
  std::fill_n(seq_.begin(), threads, 0);
  std::fill_n(last_.begin(), threads, -1);
  std::fill_n(yielded_.begin(), threads, -1);
  for (std::size_t t = 0; t < threads; ++t) {
    if (spawned_at_[t] > m.absorbed) spawned_at_[t] = 0;
    base_[t] = spawned_at_[t] != 0 ? spawn_base_[t] : -1;
  }
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
  for (std::size_t i = 0; i < events_.size(); ++i) {
    const Event& e = events_[i];
    const ThreadId t = e.action.thread;
    const int at = static_cast<int>(i);
    seq_[t] = e.seq;
    last_[t] = at;
    base_[t] = at;
    if (e.yields) yielded_[t] = at;
    if (e.action.op.kind == OpKind::atomic_begin && atomic_depth_[t]++ == 0) atomic_start_[t] = at;
    atomic_depth_[t] -= std::min<int>(atomic_depth_[t], e.closes);
    track_locks(e.action, e.footprint);
    index(e, at);
  }
  for (const Blocked& b : blocked_) blocked_footprint_[b.event.action.thread] = b.event.footprint;
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

ThreadId DporStrategy::pick(const SchedulingPoint& point) {
  execution_ = &point.execution;
  ThreadId chosen;
  if (cursor_ < stack_.size()) {  // replayed: its state was restored (begin_execution)
    Node& node = stack_[cursor_];
    if (node.value || node.enabled != point.enabled) {
      throw Divergence{"at scheduling point " + std::to_string(cursor_ + 1) +
                       " the set of runnable threads differs from the recorded one"};
    }
    if (node.resume) {
      if (point.execution.steps().size() != absorbed_) {
        throw Divergence{"at scheduling point " + std::to_string(cursor_ + 1) +
                         " the model has taken other steps than recorded"};
      }
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

// Turns the steps recorded since the last call into events with vector clocks: program
// order, spawn (the child starts knowing what its parent knew), and dependence.
void DporStrategy::absorb() {
  if (static_cast<std::size_t>(execution_->thread_count()) > width_) widen(execution_->thread_count());
  const auto& steps = execution_->steps();
  for (; absorbed_ < steps.size(); ++absorbed_) {
    const StepRecord& s = steps[absorbed_];
    started_threads_ |= bit(s.thread);
    if (s.op.kind == OpKind::spawn && s.op.arg >= 0 && s.op.arg < kMaxThreads) {
      started_threads_ |= bit(static_cast<int>(s.op.arg));
    }
    if (scheduled_step_ == absorbed_) {
      const int at = static_cast<int>(events_.size());
      Event& e = events_.emplace_back();  // in place: an Event is large
      e.action.thread = s.thread;
      e.action.op = s.op;
      e.action.known = true;
      e.action.result = s.result;
      e.action.no_progress = s.no_progress;
      Dependence(*execution_).footprint(e.action, e.footprint);
      make_event(e, scheduled_node_, s.no_progress, events_.size() - 1);
      // The threads the fair scheduler makes its thread wait for (Execution::no_progress):
      // every other unfinished one, that is every one started so far but itself (a finished
      // thread never moves again, so it adds nothing below).
      if (s.yields) e.yields_to = started_threads_ & ~bit(s.thread);
      e.yields = s.yields;
      e.fresh_take = track_locks(e.action, e.footprint);
      const ThreadId t = s.thread;
      if (s.yields) yielded_[t] = at;
      if (atomic_depth_[t] > 0) e.atomic_start = atomic_start_[t];
      if (s.op.kind == OpKind::atomic_begin && atomic_depth_[t]++ == 0) atomic_start_[t] = at;
      base_[t] = at;
      seq_[t] = e.seq;
      last_[t] = at;
      index(e, at);
      stack_[static_cast<std::size_t>(scheduled_node_)].event = at;
    } else if (s.op.kind == OpKind::atomic_end) {
      if (atomic_depth_[s.thread] > 0) --atomic_depth_[s.thread];
      // Kept on its thread's latest event, so restore() can rebuild the depth from events.
      if (last_[s.thread] >= 0) ++events_[static_cast<std::size_t>(last_[s.thread])].closes;
    } else if (s.op.kind == OpKind::spawn && s.op.arg >= 0 && s.op.arg < kMaxThreads) {
      started_a_thread();
      const auto child = static_cast<std::size_t>(s.op.arg);
      base_[child] = spawn_base_[child] = base_[s.thread];
      spawned_at_[child] = absorbed_ + 1;
    }
  }
  // A thread started inside a step, with no spawn recorded (a ProcessQueue's feeder, which
  // its first put() starts), starts knowing what the thread whose step that was knew. Found
  // by lockstep_difftest: without it the feeder's first step seemed to race with a sleep
  // before that put, and the wakeup branch made for it, at a point where the feeder did not
  // exist yet, hid the branch dpor needed there.
  if (!steps.empty()) {
    const ThreadId creator = steps[steps.size() - 1].thread;
    for (int t = 0; t < execution_->thread_count(); ++t) {
      if ((started_threads_ & bit(t)) != 0) continue;
      started_threads_ |= bit(t);
      started_a_thread();
      base_[static_cast<std::size_t>(t)] = spawn_base_[static_cast<std::size_t>(t)] = base_[creator];
      spawned_at_[static_cast<std::size_t>(t)] = absorbed_;
    }
  }
}

// A thread started after the latest step, in the code its thread (or a thread it started)
// ran before the next scheduling point: a spawn, or a ProcessQueue's feeder started inside a
// put. So that step started it (Action::creates). Threads are numbered in the order they
// start, and wakeup sequences name them by number: it is ordered after the latest step that
// started one, and a thread asleep whose pending step may start one wakes up (take_branch
// judged the step by its pending operation, which could not tell; the point keeps the step
// as it ran, for its sleep set once done with it). Found by
// lockstep_difftest: t1 started t3 while a daemon's first put() started its feeder; a wakeup
// sequence made where the feeder was thread 3 and t3 thread 4 named t3 as 4 where the put
// never ran, and dpor missed t3 ending before t1's is_alive(t3) with the put never done.
void DporStrategy::started_a_thread() {
  if (events_.empty()) return;  // before the first scheduling point: the same in every execution
  const auto at = static_cast<int>(events_.size() - 1);
  Event& e = events_.back();
  if (e.action.creates) return;
  e.action.creates = true;
  // Known at its point too, where its thread sleeps once done with (Node::creates).
  if (e.node >= 0) stack_[static_cast<std::size_t>(e.node)].creates |= bit(e.action.thread);
  if (!e.footprint.creates && last_creator_ >= 0) {
    e.footprint.creates = true;
    // Its dependent steps are the last ones in dependent_ (absorb() makes no blocked entry
    // between a step and the records after it), latest first.
    dependent_.push_back(last_creator_);
    const auto first = dependent_.begin() + static_cast<std::ptrdiff_t>(e.dependent_begin);
    std::sort(first, dependent_.end(), std::greater<>());
    dependent_.erase(std::unique(first, dependent_.end()), dependent_.end());
    e.dependent_end = static_cast<std::uint32_t>(dependent_.size());
    const Event& x = events_[static_cast<std::size_t>(last_creator_)];
    std::uint32_t* c = clock(e.clock);
    if (c[x.action.thread] < x.seq) join_clock(c, x.clock);
  }
  e.footprint.creates = true;
  last_creator_ = at;
  if (incoming_sleep_ == 0) return;
  const Dependence dependence(*execution_);
  for (std::uint64_t rest = incoming_sleep_; rest != 0; rest &= rest - 1) {
    const ThreadId q = lowest(rest);
    if ((incoming_creates_ & bit(q)) != 0 || dependence.footprint(pending_of(*execution_, q)).creates) {
      incoming_sleep_ &= ~bit(q);
      incoming_creates_ &= ~bit(q);
    }
  }
}

// Clock rows as wide as the threads of this execution so far, rounded up so that one thread
// more does not re-lay them out each time. That happens only when an execution has more
// threads than every one before it, so it allocates only while exploration warms up.
void DporStrategy::widen(int threads) {
  const std::size_t width = (static_cast<std::size_t>(threads) + 3) & ~std::size_t{3};
  const std::size_t rows = std::max(clocks_.size() / std::max<std::size_t>(width_, 1), clocks_used_);
  std::vector<std::uint32_t> wider(rows * width, 0);
  for (std::size_t row = 0; row < clocks_used_; ++row) {
    std::copy_n(clock(row), width_, wider.data() + row * width);
  }
  clocks_.swap(wider);
  width_ = width;
}

void DporStrategy::copy_clock(int event, std::uint32_t* into) const {
  if (event < 0) {
    std::fill_n(into, width_, 0);
  } else {
    std::copy_n(clock(events_[static_cast<std::size_t>(event)].clock), width_, into);
  }
}

void DporStrategy::join_clock(std::uint32_t* into, std::size_t row) const {
  const std::uint32_t* from = clock(row);
  for (std::size_t t = 0; t < width_; ++t) into[t] = std::max(into[t], from[t]);
}

// Follows each lock's holding depth, to tell the step that starts a critical section (it
// took the lock while free) from a re-entrant acquire.
bool DporStrategy::track_locks(const Action& a, const Footprint& f) {
  auto depth = [this](ObjectId lock) -> int& {
    if (lock >= lock_depth_.size()) lock_depth_.resize(lock + 1, 0);
    return lock_depth_[lock];
  };
  if (f.frees && f.freed.object != kNoObject) {
    if (a.op.kind == OpKind::wait) {
      saved_depth_[a.thread] = depth(f.freed.object);
      depth(f.freed.object) = 0;
    } else {
      depth(f.freed.object) = std::max(0, depth(f.freed.object) - 1);
    }
  }
  ObjectId taken = f.takes ? f.taken.object : kNoObject;
  if (Dependence::took_by_try(a)) taken = a.op.object;
  if (taken == kNoObject) return false;
  if (a.op.kind == OpKind::acquire || a.op.kind == OpKind::try_acquire) return depth(taken)++ == 0;
  depth(taken) = std::max(1, saved_depth_[a.thread]);
  return true;
}

// The steps a new one may depend on: per object it touches, the latest write and, when it
// writes, the reads since (every older access is ordered before that write); the latest
// step of a thread it joins; the latest step that depends on everything. Without an index:
// the latest step of every thread.
void DporStrategy::make_event(Event& e, int node, bool held, std::size_t known) {
  const ThreadId t = e.action.thread;
  e.seq = seq_[t] + 1;
  e.node = node;
  e.prev = last_[t];
  e.before = base_[t];
  e.clock = static_cast<std::uint32_t>(new_clock());
  e.dependent_begin = static_cast<std::uint32_t>(dependent_.size());
  const Footprint& f = e.footprint;
  std::vector<int>& candidates = dependent_;
  const auto first = static_cast<std::ptrdiff_t>(e.dependent_begin);
  if (f.scope == Footprint::Scope::local) {
    // commutes with every step but those that depend on everything (a yield) and a
    // join(timeout) or is_alive() of its thread (its last step ends it), which no index holds
    if (last_unindexed_ >= 0) candidates.push_back(last_unindexed_);
    if (f.creates && last_creator_ >= 0) candidates.push_back(last_creator_);
    candidates.insert(candidates.end(), seers_.begin(), seers_.end());
  } else if (f.indexed) {
    for (int i = 0; i < f.count; ++i) {
      if (f.accesses[i].object >= history_.size()) continue;
      const History& h = history_[f.accesses[i].object];
      if (h.last_write >= 0) candidates.push_back(h.last_write);
      if (f.accesses[i].write) candidates.insert(candidates.end(), h.reads.begin(), h.reads.end());
    }
    if (f.joins >= 0 && f.joins < kMaxThreads && last_[static_cast<std::size_t>(f.joins)] >= 0) {
      candidates.push_back(last_[static_cast<std::size_t>(f.joins)]);
    }
    if (last_unindexed_ >= 0) candidates.push_back(last_unindexed_);
    if (f.creates && last_creator_ >= 0) candidates.push_back(last_creator_);
    candidates.insert(candidates.end(), seers_.begin(), seers_.end());
    if (candidates.end() - (candidates.begin() + first) > 1) {
      std::sort(candidates.begin() + first, candidates.end(), std::greater<>());
      candidates.erase(std::unique(candidates.begin() + first, candidates.end()), candidates.end());
    }
  } else {
    // Depends on every step of the other threads: their latest ones hold the rest in their
    // clocks (and cover them in races()), so the candidates are one per thread.
    for (std::size_t u = 0; u < width_; ++u) {
      if (last_[u] >= 0) candidates.push_back(last_[u]);
    }
    // Unless it only reads whether a thread ended (a join(timeout), an is_alive()): then it
    // depends on a join(timeout) or is_alive() of its own thread, which its thread's latest
    // step need not hold in its clock. Found by lockstep_difftest: main's t1.join(timeout=0),
    // then t2.join(); t1's t3.join(timeout=0) never raced with main's, so t1 was never seen
    // finished.
    candidates.insert(candidates.end(), seers_.begin(), seers_.end());
    std::sort(candidates.begin() + first, candidates.end(), std::greater<>());
    candidates.erase(std::unique(candidates.begin() + first, candidates.end()), candidates.end());
  }
  candidates.erase(std::remove_if(candidates.begin() + first, candidates.end(),
                                  [&](int j) {
                                    const Event& x = events_[static_cast<std::size_t>(j)];
                                    return !Dependence::dependent(x.action.thread, x.footprint, t, f);
                                  }),
                   candidates.end());
  e.dependent_end = static_cast<std::uint32_t>(candidates.size());
  std::uint32_t* c = clock(e.clock);
  copy_clock(e.before, c);
  for (auto j = e.dependent_begin; j < e.dependent_end; ++j) {
    const Event& x = events_[static_cast<std::size_t>(candidates[j])];
    if (c[x.action.thread] < x.seq) join_clock(c, x.clock);
  }
  // After a no-progress step that counted (a yield, a sleep, a poll in vain), the fair
  // scheduler holds its thread's next poll in vain (not its steps that make progress) until
  // each thread it yields to that is or becomes enabled has moved; every thread that moved
  // in between was enabled then, so the first step of each happens before the held one.
  // Found by lockstep_difftest: t1 yields, starts t2, then tries a queue; main's store and
  // t2's compare_exchange were never reordered, because the wakeup sequence for it held
  // t1's next step, which the fair scheduler does not allow before main's store.
  if (held && yielded_[t] >= 0) {
    std::uint64_t waits_for = events_[static_cast<std::size_t>(yielded_[t])].yields_to;
    for (auto j = static_cast<std::size_t>(yielded_[t]) + 1; j < known && waits_for != 0; ++j) {
      const Event& x = events_[j];
      if ((waits_for & bit(x.action.thread)) == 0) continue;
      waits_for &= ~bit(x.action.thread);
      join_clock(c, x.clock);
    }
  }
  c[t] = e.seq;
}

void DporStrategy::index(const Event& e, int at) {
  const Footprint& f = e.footprint;
  if (f.creates) last_creator_ = at;  // it comes after every earlier one: it stands for them
  if (!f.indexed) {
    // A join(timeout) or is_alive() does not come after every earlier step, so the latest
    // yield cannot stand for it: it is kept on its own.
    if (f.sees_end) {
      // Its thread's earlier seer with the same footprint is in its clock, so every step
      // that depends on it depends on this one too and is ordered after both: the latest
      // stands for it (a loop on is_alive() or join(timeout) stays linear).
      const auto same = std::find_if(seers_.begin(), seers_.end(), [&](int j) {
        const Event& x = events_[static_cast<std::size_t>(j)];
        return x.action.thread == e.action.thread && x.footprint.joins == f.joins &&
               x.footprint.scope == f.scope && x.footprint.ends == f.ends;
      });
      if (same != seers_.end()) seers_.erase(same);
      seers_.push_back(at);
    } else {
      last_unindexed_ = at;
    }
    return;
  }
  for (int i = 0; i < f.count; ++i) {
    const ObjectId object = f.accesses[i].object;
    if (object == kNoObject) continue;
    if (object >= history_.size()) history_.resize(object + 1);
    History& h = history_[object];
    if (f.accesses[i].write) {
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
  for (std::uint64_t rest = blocked; rest != 0; rest &= rest - 1) {
    const ThreadId t = lowest(rest);
    const bool fresh = (was_blocked_ & bit(t)) == 0;
    // A blocked thread does not move, so its pending operation stays what it was.
    if (fresh) Dependence(*execution_).footprint({t, execution_->pending(t)}, blocked_footprint_[t]);
    const Footprint& f = blocked_footprint_[t];
    if (fresh ||
        (!events_.empty() && Dependence::dependent(events_.back().action.thread, events_.back().footprint, t, f) &&
         !waits_for_the_stepper(t))) {
      Blocked& b = blocked_.emplace_back();
      b.event.action = {t, execution_->pending(t)};
      b.event.footprint = f;
      make_event(b.event, -1, false, events_.size());
      b.end = events_.size();
    }
  }
  was_blocked_ = blocked;
}

// A join blocked on the thread that just stepped, when every step its new entry could
// race with is of that thread: races() would reverse none of them (a thread's step cannot
// move after the join that waits for its end), so the entry would only cost. A yield or a
// join(timeout) of another thread, or a timed acquire that changed nothing (whose races are
// looked for among every thread's steps), keeps the entry.
bool DporStrategy::waits_for_the_stepper(ThreadId t) const {
  const Op& op = execution_->pending(t);
  const Event& last = events_.back();
  if ((op.kind != OpKind::join && op.kind != OpKind::join_at_exit) || op.arg != last.action.thread ||
      !seers_.empty()) {
    return false;
  }
  auto own = [&](const Event& e) {
    return e.action.thread == last.action.thread && e.action.op.kind != OpKind::sem_acquire_timed;
  };
  return own(last) && (last_unindexed_ < 0 || own(events_[static_cast<std::size_t>(last_unindexed_)]));
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
  const Footprint f = known != nullptr  ? *known
                      : world_ != nullptr ? Dependence(*world_).footprint(p)
                                          : Dependence(*execution_).footprint(p);
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
    if (weak_initial(sleeper(root, lowest(rest)), w)) return;  // an explored branch covers it
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
