// DporStrategy's events (explore/dpor.hpp): the steps an execution recorded, turned into
// events with vector clocks as each scheduling point is reached (program order, the start of a
// thread, dependence), the index that finds the earlier steps a new one may depend on, and the
// entries of blocked threads, whose pending operations race too. The race analysis that reads
// them is in dpor_races.cpp.
#include <algorithm>
#include <functional>

#include "explore/dpor.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {

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
  if (log_ != nullptr && static_cast<std::size_t>(e.node) + 1 == floor_) log_->creates = true;  // the branch explored apart
  // Unless its operation may start a thread anyway (a ProcessQueue put): then make_event
  // found the latest step that started one already.
  if (!e.footprint.creates && last_creator_ >= 0) {
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

// Follows each lock's holding depth, to tell the step that starts a critical section (it
// took the lock while free) from a re-entrant acquire.
bool DporStrategy::track_lock_depth(const Action& a, const Footprint& f) {
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

// The candidates for the steps a new one with footprint `f` may depend on, each passed to
// `add` (make_event() sorts them latest first, unless the step is local, and drops duplicates).
template <class Add>
void DporStrategy::gather_candidates(const Footprint& f, Add&& add) const {
  if (f.scope == Footprint::Scope::local) {
    // commutes with every step but those that depend on everything (a yield) and a
    // join(timeout) or is_alive() of its thread (its last step ends it), which no index holds
    if (last_unindexed_ >= 0) add(last_unindexed_);
    for (int j : seers_) add(j);
  } else if (f.indexed) {
    for (int i = 0; i < f.count; ++i) {
      if (f.accesses[i].object >= history_.size()) continue;
      const History& h = history_[f.accesses[i].object];
      if (h.last_write >= 0) add(h.last_write);
      if (f.accesses[i].write) {
        for (int j : h.reads) add(j);
      }
    }
    if (f.joins >= 0 && f.joins < kMaxThreads && last_[static_cast<std::size_t>(f.joins)] >= 0) {
      add(last_[static_cast<std::size_t>(f.joins)]);
    }
    if (last_unindexed_ >= 0) add(last_unindexed_);
    if (f.creates && last_creator_ >= 0) add(last_creator_);
    for (int j : seers_) add(j);
  } else {
    // Depends on every step of the other threads: their latest ones hold the rest in their
    // clocks (and cover them in races()), so the candidates are one per thread.
    for (std::size_t u = 0; u < width_; ++u) {
      if (last_[u] >= 0) add(last_[u]);
    }
    // Unless it only reads whether a thread ended (a join(timeout), an is_alive()): then it
    // depends on a join(timeout) or is_alive() of its own thread, which its thread's latest
    // step need not hold in its clock. Found by lockstep_difftest: main's t1.join(timeout=0),
    // then t2.join(); t1's t3.join(timeout=0) never raced with main's, so t1 was never seen
    // finished.
    for (int j : seers_) add(j);
  }
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
  e.yielded = yielded_[t];
  e.clock = static_cast<std::uint32_t>(new_clock());
  e.dependent_begin = static_cast<std::uint32_t>(dependent_.size());
  const Footprint& f = e.footprint;
  // Gathered on the stack when they are few (nearly always): pushed one by one onto
  // dependent_, then sorted, deduplicated and filtered there by the library's calls, they cost
  // a third of this function. Either way the same list, in the same order.
  const bool sorted = f.scope != Footprint::Scope::local;
  std::array<int, kFewCandidates> few;
  std::size_t n = 0;
  bool many = false;
  gather_candidates(f, [&](int j) {
    if (n < few.size()) {
      few[n++] = j;
    } else {
      many = true;
    }
  });
  auto independent = [&](int j) {
    const Event& x = events_[static_cast<std::size_t>(j)];
    return !Dependence::dependent(x.action.thread, x.footprint, t, f);
  };
  if (!many) {
    if (sorted && n > 1) {
      for (std::size_t i = 1; i < n; ++i) {  // insertion sort, latest first
        const int j = few[i];
        std::size_t k = i;
        for (; k > 0 && few[k - 1] < j; --k) few[k] = few[k - 1];
        few[k] = j;
      }
      n = static_cast<std::size_t>(std::unique(few.begin(), few.begin() + static_cast<std::ptrdiff_t>(n)) - few.begin());
    }
    // Appended one by one: the range insert() went through the library's general path and a
    // call to memcpy for the one to three steps it nearly always appends.
    for (std::size_t i = 0; i < n; ++i) {
      if (!independent(few[i])) dependent_.push_back(few[i]);
    }
  } else {
    std::vector<int>& candidates = dependent_;
    gather_candidates(f, [&](int j) { candidates.push_back(j); });
    const auto from = candidates.begin() + static_cast<std::ptrdiff_t>(e.dependent_begin);
    if (sorted) {
      std::sort(from, candidates.end(), std::greater<>());
      candidates.erase(std::unique(from, candidates.end()), candidates.end());
    }
    candidates.erase(std::remove_if(candidates.begin() + static_cast<std::ptrdiff_t>(e.dependent_begin),
                                    candidates.end(), independent),
                     candidates.end());
  }
  const std::vector<int>& candidates = dependent_;
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

// A step no index by object holds (index()).
void DporStrategy::index_unindexed(const Event& e, int at) {
  const Footprint& f = e.footprint;
  // A join(timeout) or is_alive() does not come after every earlier step, so the latest
  // yield cannot stand for it: it is kept on its own.
  if (!f.sees_end) {
    last_unindexed_ = at;
    return;
  }
  // Its thread's earlier seer with the same footprint is in its clock, so every step that
  // depends on it depends on this one too and is ordered after both: the latest stands for
  // it (a loop on is_alive() or join(timeout) stays linear).
  const auto same = std::find_if(seers_.begin(), seers_.end(), [&](int j) {
    const Event& x = events_[static_cast<std::size_t>(j)];
    return x.action.thread == e.action.thread && x.footprint.joins == f.joins && x.footprint.scope == f.scope &&
           x.footprint.ends == f.ends;
  });
  if (same != seers_.end()) seers_.erase(same);
  seers_.push_back(at);
}

// A thread that cannot move has a pending operation that races with earlier steps too: the
// orderings in which it runs before them are found from it. It is looked at when it gets
// blocked and whenever a step dependent with its operation was taken since.
void DporStrategy::note_blocked(std::uint64_t blocked) {
  for (std::uint64_t rest = blocked; rest != 0; rest &= rest - 1) {
    const ThreadId t = lowest(rest);
    const bool fresh = (was_blocked_ & bit(t)) == 0;
    // A blocked thread does not move, so its pending operation stays what it was.
    if (fresh) Dependence(*execution_).footprint(parked_action(t), blocked_footprint_[t]);
    const Footprint& f = blocked_footprint_[t];
    if (fresh ||
        (!events_.empty() && Dependence::dependent(events_.back().action.thread, events_.back().footprint, t, f) &&
         !waits_for_the_stepper(t))) {
      Blocked& b = blocked_.emplace_back();
      // Field by field: an Action made on the stack and copied in stalled on its byte stores
      // (a fifth of this function).
      const Action pending = parked_action(t);
      Action& a = b.event.action;
      a.thread = t;
      a.op = pending.op;
      a.known = pending.known;
      a.result = pending.result;
      a.no_progress = false;
      a.creates = false;
      b.event.footprint = f;
      make_event(b.event, -1, false, events_.size());
      b.end = events_.size();
    }
  }
  was_blocked_ = blocked;
}

// A blocked or parked thread's pending operation, as dependence should see it. A
// compare-exchange (never blocked: parked at the end, a daemon the end abandoned) is
// predicted as at the last scheduling point that kept it, where sleep sets took it so: by
// the end the model's objects are gone and it can no longer be predicted, and taken as a
// write there it raced with reads its thread, asleep, was said to commute with. Its branch
// then covered, as a wakeup-tree leaf, the sequence of a race that needed more than its
// step, and below it the sleeper covered the rest (lockstep_difftest's sampler: a daemon's
// failing compare-exchange, then a Timer it started and cancelled; main never read the
// timer's fetch_add). A step since that point that it depends on (a write) voids the
// prediction.
Action DporStrategy::parked_action(ThreadId t) const {
  Action unknown{t, execution_->pending(t)};
  if (unknown.op.kind != OpKind::compare_exchange) return unknown;
  for (std::size_t i = stack_.size(); i-- > 0;) {
    const Node& node = stack_[i];
    if (node.value || (node.enabled & bit(t)) == 0) continue;
    if (node.kept == 0 || node.event < 0 || node.chosen == t) return unknown;  // it moved since
    Action predicted = pending_action(node, t);
    const Footprint f = Dependence(*execution_).footprint(predicted);
    for (auto k = static_cast<std::size_t>(node.event); k < events_.size(); ++k) {
      if (Dependence::dependent(events_[k].action.thread, events_[k].footprint, t, f)) return unknown;
    }
    return predicted;
  }
  return unknown;
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

}  // namespace lockstep::detail
