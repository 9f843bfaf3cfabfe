// DporStrategy's race analysis, run once an execution ended: the races of its new steps
// (with every earlier step), each reversed into the wakeup tree of the scheduling point where
// the earlier step was taken, and the branches a failure or the end of the last non-daemon
// thread calls for. The exploration tree itself (nodes, sleep sets, wakeup trees) is in
// dpor.cpp.
#include <algorithm>
#include <vector>

#include "explore/dpor.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {

void DporStrategy::analyze() {
  absorb();
  note_blocked(execution_->parked_at_end());
  // The kept prefix's races were reversed when its events were new, into the wakeup trees of
  // its own scheduling points, which are still in place (their branch has not changed).
  for (std::size_t i = analyzed_events_; i < events_.size(); ++i) races(events_[i], events_.size());
  for (std::size_t i = analyzed_blocked_; i < blocked_.size(); ++i) races(blocked_[i].event, blocked_[i].end);
  analyzed_events_ = events_.size();
  analyzed_blocked_ = blocked_.size();
  // A failure ends the execution too (an at_end invariant's, after the last non-daemon thread
  // ended): the daemons' steps race with its last step either way; abandoned ones become
  // branches through race_with_failure then.
  if (execution_->daemons() != 0) race_with_the_end(!execution_->failed_in_thread());
  if (execution_->failed_in_thread()) race_with_failure(execution_->parked_at_end());
}

// The last step of the last non-daemon thread ended the execution and abandoned every daemon
// where it stood (docs/semantics.md): that step does not commute with a daemon's step. So a
// daemon's step that ran before it races with it (the end may come first: the daemon never
// takes that step), and a daemon still enabled at the end becomes a branch at the last
// scheduling point, as after a failure. Found by lockstep_difftest: a daemon's timed
// Barrier.wait, whose timeout raises, never ran before main's last step; a daemon's
// q.empty() always ran before it.
void DporStrategy::race_with_the_end(bool branch_abandoned) {
  if (events_.empty()) return;
  const std::size_t last = events_.size() - 1;
  Event& end = events_[last];
  if ((execution_->daemons() & bit(end.action.thread)) != 0) return;  // not a non-daemon's end
  end.footprint.ends = true;
  for (std::uint64_t rest = execution_->daemons(); rest != 0; rest &= rest - 1) {
    const ThreadId daemon = lowest(rest);
    const int d = last_[daemon];  // its earlier steps come before it anyway
    if (d < 0 || clock(end.clock)[daemon] >= events_[static_cast<std::size_t>(d)].seq) continue;
    reverse(static_cast<std::size_t>(d), end, events_.size());
  }
  // Each daemon still enabled at the last scheduling point: its step, then the end. Not its
  // step alone (as after a failure): two daemons' steps commute, and a branch with one would
  // cover a branch with the other, but the end abandons the daemon that did not run.
  if (end.node < 0 || !branch_abandoned) return;
  const auto at = static_cast<std::size_t>(end.node);
  if (at < floor_ && log_ == nullptr) return;  // a frozen prefix: its alternatives are other units
  Node& node = stack_[at];
  mark_failed(at);  // the end's thread stays awake in these branches: they end with it
  const std::uint64_t abandoned = node.enabled & ~node.sleep & ~node.done & ~bit(node.chosen) &
                                  execution_->parked_at_end() & execution_->daemons();
  for (std::uint64_t rest = abandoned; rest != 0; rest &= rest - 1) branch_with(at, lowest(rest), &events_[last]);
}

// A failure a thread raised after the last step (a check, a data race; in that step's
// thread, or in a thread it started, which runs to its first operation at once) ended the
// execution: the threads that could have run instead never took their next step, and what
// they would have done (a Shared access that races) was never seen. The failure is no
// operation the dependence relation knows, so it is taken as dependent with everything:
// every thread enabled at the last scheduling point, not asleep there and still parked,
// becomes a branch there, and the thread whose step failed is not put to sleep there (its
// step does not commute with the others' next steps as far as the failure is concerned).
// Found by lockstep_difftest: t1 failed a check as soon as main started it; dpor never ran
// t2 first, whose load of a Shared t1 stored is the data race dfs reports. `cut_short`: the
// threads the end left parked.
void DporStrategy::race_with_failure(std::uint64_t cut_short) {
  if (events_.empty() || events_.back().node < 0) return;
  const auto at = static_cast<std::size_t>(events_.back().node);
  if (at < floor_ && log_ == nullptr) return;  // a frozen prefix: its alternatives are other units
  mark_failed(at);
  const Node& node = stack_[at];
  const std::uint64_t others =
      node.enabled & ~node.sleep & ~node.done & ~bit(node.chosen) & cut_short;
  for (std::uint64_t rest = others; rest != 0; rest &= rest - 1) branch_with(at, lowest(rest), nullptr);
}

void DporStrategy::branch_with(std::size_t at, ThreadId thread, const Event* then) {
  const Action pending = pending_action(stack_[at], thread);
  Event first;
  first.action = pending;
  first.footprint = Dependence(*execution_).footprint(pending);
  make_event(first, -1, false, events_.size());
  Sequence& w = sequence_;
  w.clear();
  w.push_back(&first);
  if (then != nullptr) w.push_back(then);
  insert_at(at, w);
}

// The steps that race with `later`, each reversed with a wakeup sequence drawn from the first
// `end` steps (reverse()): dependent with it, of another thread, and ordered before it by no
// other step. A lock handed over (released, then taken
// by `later`) is seen through: `later` races with the step that started the critical
// section the release ended, so the critical sections get explored in the other order.
void DporStrategy::races(const Event& later, std::size_t end) {
  std::array<std::uint32_t, kMaxThreads> cover_row;  // the first width_ entries
  std::uint32_t* cover = cover_row.data();
  copy_clock(later.before, cover);
  for (std::size_t i = later.dependent_begin; i < later.dependent_end; ++i) {  // latest first
    const auto candidate = static_cast<std::size_t>(dependent_[i]);
    const Event& e = events_[candidate];
    // Covered: it happens before a step whose clock the cover has, so it has e's too.
    if (cover[e.action.thread] >= e.seq) continue;
    if (Dependence::hands_over(e.footprint, later.footprint)) {
      // The takes of that lock by e's thread back to the one that found it free; when
      // none is known to have, every one of them (more reversals, never fewer).
      std::vector<std::size_t>& takes = takes_;
      takes.clear();
      for (std::size_t k = candidate; k-- > 0;) {
        const Event& c = events_[k];
        if (c.action.thread != e.action.thread) continue;
        const bool took = Dependence::hands_over(e.footprint, c.footprint) ||
                          (Dependence::took_by_try(c.action) && e.footprint.frees &&
                           e.footprint.freed.object == c.action.op.object);
        if (!took) continue;
        if (cover[c.action.thread] >= c.seq) break;
        if (c.fresh_take) takes.clear();
        takes.push_back(k);
        if (c.fresh_take) break;
      }
      for (std::size_t k : takes) reverse(k, later, end);
    } else if (!reverse(candidate, later, end)) {
      // `later` could not run before e: the fair scheduler held its thread until e's moved.
      // The steps e's clock hides are not covered by this race then: the earlier ones may
      // be where it could run (found by lockstep_difftest: t3's third timed wake-up, held
      // until t1's join(t2) moved, was never tried before t2's release, and main never saw
      // t1 unfinished).
      continue;
    } else {
      reverse_section(candidate, later, end, cover);
      if (may_need_a_give_back(later.action.op.kind)) reverse_previous(candidate, later, end, cover);
      // A poll in vain (a no-progress step) is ordered against every step only so that the
      // fair scheduler's state stays the same in equivalent executions; what its clock
      // holds (its thread's earlier steps and theirs) is not ordered before `later` by it.
      // With `later` moved before the poll, the fair scheduler may no longer let those
      // steps come where they did, so the races they hide are reversed here (found by
      // lockstep_difftest's sampler: t2 polled t3's end with join(timeout=1) three times,
      // and t1's load raced with t2's timed-out wait; main's is_alive(t1), before that
      // wait, was never raced with the load, and main never saw t1 ended with t3 ended
      // before t2's first try).
      if (e.action.no_progress) continue;
    }
    join_clock(cover, e.clock);
  }
}

// `later` takes a lock (an acquire, a condition's re-acquire, a try) that events_[candidate]'s
// thread held there without freeing it (a failed try, a nested acquire, a notify): `later`
// cannot run before that step, only before the step that started the critical section, whose
// race the candidate's clock hides from races(). So that one is reversed too, as for a lock
// handed over. Found by lockstep_difftest: a thread that took a lock with acquire(false), then
// failed a second acquire(false) on it and kept it, was never raced with the other thread's
// acquire, so the schedules where that thread took the lock first were never explored.
void DporStrategy::reverse_section(std::size_t candidate, const Event& later, std::size_t end,
                                   const std::uint32_t* cover) {
  const Op& op = later.action.op;
  const ObjectId lock = later.footprint.takes ? later.footprint.taken.object
                        : op.kind == OpKind::try_acquire ? op.object
                                                         : kNoObject;
  const Event& e = events_[candidate];
  if (lock == kNoObject || e.fresh_take) return;
  auto takes_lock = [lock](const Event& c) {
    return (c.footprint.takes && c.footprint.taken.object == lock) ||
           (c.action.op.kind == OpKind::try_acquire && c.action.result == 1 && c.action.op.object == lock);
  };
  for (std::size_t k = candidate; k-- > 0;) {
    const Event& c = events_[k];
    if (c.action.thread != e.action.thread) continue;
    if (cover[c.action.thread] >= c.seq || (c.footprint.frees && c.footprint.freed.object == lock)) return;
    if (takes_lock(c) && c.fresh_take) {
      reverse(k, later, end);
      return;
    }
  }
}

// `later` may block, or succeed only when let through (a timed acquire or get, a try_get),
// and events_[candidate] may be what let it through (a semaphore
// release, a get that freed a slot of a bounded queue): `later` could then not run before
// it (or would fail), only before the step of the same thread on that object before it (the acquire that
// took the semaphore, the put that filled the slot), whose race the candidate's clock hides.
// So that one is reversed too. Found by lockstep_difftest: main takes and gives back sem1
// twice, t1 takes it once for good; dpor never ran t1's acquire between main's two
// sections, the deadlock dfs finds.
bool DporStrategy::may_need_a_give_back(OpKind kind) {
  return (kMayBlock & kind_bit(kind)) != 0 || kind == OpKind::sem_acquire_timed || kind == OpKind::get_timed ||
         kind == OpKind::try_get;
}

void DporStrategy::reverse_previous(std::size_t candidate, const Event& later, std::size_t end,
                                    const std::uint32_t* cover) {
  const Event& e = events_[candidate];
  // A timed acquire that timed out changed nothing: what kept `later` out is the step, of
  // any thread, that took the semaphore before it. Found by lockstep_difftest: main took
  // sem1, t1's acquire(1) timed out, t2's blocking acquire raced only with t1's, and t2
  // never took sem1 first.
  const bool changed_nothing = e.action.op.kind == OpKind::sem_acquire_timed && e.action.result == 0;
  for (std::size_t k = candidate; k-- > 0;) {
    const Event& c = events_[k];
    if ((c.action.thread != e.action.thread && !changed_nothing) || c.action.op.object != e.action.op.object) continue;
    if (cover[c.action.thread] >= c.seq) return;
    if (Dependence::dependent(c.action.thread, c.footprint, later.action.thread, later.footprint)) {
      reverse(k, later, end);
      return;
    }
  }
}

// Schedules `later` before events_[first]: the wakeup sequence is every step after `first`
// among the first `end` that does not happen after it, then `later`. For a step that ran,
// `end` is the whole execution (analyze()): the steps after `later` belong in the sequence
// too (notdep(e, E) of the paper, not cut at `later`). Cut there, the sequence was too short
// for the sleep-set check of insert(): a thread asleep at the reversal point, whose step
// commuted with the short sequence, took it for covered, while a step after `later` (of
// another thread, which that sleeper's step depends on) showed it was not. Found by
// lockstep_difftest's sampling oracle: main's is_alive(t1) asleep where t2's join(t3,
// timeout=0) was reversed with t3's last load, t1's load coming after that load.
bool DporStrategy::reverse(std::size_t first, const Event& later, std::size_t end) {
  const Event& e = events_[first];
  // Inside another thread's atomically() block `later` cannot run before e (unless the block
  // blocked there): it may run before the block instead. (The block's start is outside it.)
  if (e.atomic_start >= 0) reverse(static_cast<std::size_t>(e.atomic_start), later, end);
  const Node& node = stack_[static_cast<std::size_t>(e.node)];
  const ThreadId q = later.action.thread;
  if (!Dependence(*execution_).reversible(e.action, e.footprint, later.action, later.footprint)) return true;
  Sequence& w = sequence_;
  w.clear();
  // A step of w that happens before `later` (it depends on it, or the fair scheduler held
  // `later`'s thread back until that step's thread moved): it may be what enabled it.
  bool enabler = false;
  for (std::size_t k = first + 1; k < end; ++k) {
    const Event& x = events_[k];
    if (clock(x.clock)[e.action.thread] >= e.seq || &x == &later) continue;
    w.push_back(&x);
    enabler = enabler || clock(later.clock)[x.action.thread] >= x.seq;
  }
  // `later` was already q's pending operation there: disabled there, it could run before
  // `first` only after a step of w let it through. Found by lockstep_difftest: main's
  // is_alive(t1) raced with t1's join(t3), disabled at main's step until t3 ended, and
  // t1 was never seen dead; and a yielder's try-acquire, held back by the fair scheduler
  // until another thread's sem.acquire, never ran before main's join(timeout) of it.
  const std::size_t scratch = clocks_used_;
  releasers_.clear();
  if (later.prev < static_cast<int>(first) && q < node.threads && (node.enabled & bit(q)) == 0 && !enabler &&
      !add_releasers(first, later, w)) {
    return false;
  }
  // The steps before `later` do not depend on `first`, so they keep their outcomes in the
  // reversed order; `later` itself may not (a compare-exchange that failed may succeed).
  // Only what insert() reads of it (its action, footprint, seq and clock), not the whole
  // Event copied (a call to memmove per reversal).
  moved_.action = later.action;
  moved_.action.known = false;
  Dependence(*execution_).footprint(moved_.action, moved_.footprint);
  moved_.footprint.ends = later.footprint.ends;
  moved_.seq = later.seq;
  // Nor what happens before it: in this execution `later` may come after steps of w only
  // through steps that come after `first` (the release that handed it a lock), which w
  // leaves out. Moved before `first`, it comes after what its thread did before and the
  // steps of w it depends on, and those steps' own pasts (exact: no step of w comes after
  // `first`). With this execution's clock, a branch starting with any step of w would seem
  // to be needed before it, and be explored only to find every thread asleep.
  moved_.clock = static_cast<std::uint32_t>(new_clock());
  std::uint32_t* c = clock(moved_.clock);
  copy_clock(later.before, c);
  for (const Event* x : w) {
    if (Dependence::dependent(x->action.thread, x->footprint, q, moved_.footprint)) join_clock(c, x->clock);
  }
  for (const Event& r : releasers_) join_clock(c, r.clock);  // the fair scheduler waits for them
  c[q] = later.seq;
  w.push_back(&moved_);
  insert(e.node, w);
  clocks_used_ = scratch;  // the rows were scratch space for insert()
  return true;
}

// `later`'s step was pending but not enabled at events_[first]'s scheduling point, and no step
// of w happens before it. When that is the fair scheduler holding back a poll in vain after a
// no-progress step of its thread (Execution::enabled_threads), what lets it run there is the
// next step of each thread it still waits for that is enabled there: those steps are appended
// to w (their outcome unknown), and `later` comes after them. False when nothing lets it run
// before events_[first]: it never yielded (it is blocked), or it waits for that step's thread.
// Found by lockstep_difftest: main's join(t1, timeout) timed out, main started t2 and
// joined it with a timeout; t1's load never saw t2's fetch_xor with t2 still running, since
// main's join(t2) was not reversed with t2's last step (the fair scheduler held main until t1
// moved, and t1 had not moved there).
bool DporStrategy::add_releasers(std::size_t first, const Event& later, Sequence& w) {
  const int y = later.yielded;  // its thread's latest no-progress step that counted
  if (y < 0) return false;
  // The threads it still waits for there: those it yields to that did not move since.
  std::uint64_t waits = events_[static_cast<std::size_t>(y)].yields_to;
  for (auto k = static_cast<std::size_t>(y) + 1; k < first; ++k) waits &= ~bit(events_[k].action.thread);
  for (const Event* x : w) waits &= ~bit(x->action.thread);
  const Event& e = events_[first];
  if ((waits & bit(e.action.thread)) != 0) return false;
  const Node& node = stack_[static_cast<std::size_t>(e.node)];
  for (std::uint64_t rest = waits & node.enabled; rest != 0; rest &= rest - 1) {
    const ThreadId u = lowest(rest);
    int prev = static_cast<int>(first) - 1;  // u's latest step before it (u may never move after it)
    while (prev >= 0 && events_[static_cast<std::size_t>(prev)].action.thread != u) --prev;
    Event& r = releasers_.emplace_back();
    r.action = pending_action(node, u);
    r.footprint = Dependence(*execution_).footprint(r.action);
    r.seq = prev >= 0 ? events_[static_cast<std::size_t>(prev)].seq + 1 : 1;
    r.node = -1;
    r.prev = prev;
    const auto spawned = static_cast<std::size_t>(u);
    r.before = prev >= 0 ? prev : spawned_at_[spawned] != 0 ? spawn_base_[spawned] : -1;  // as restore() has it
    r.clock = static_cast<std::uint32_t>(new_clock());
    std::uint32_t* c = clock(r.clock);
    copy_clock(r.before, c);
    for (const Event* x : w) {
      if (Dependence::dependent(x->action.thread, x->footprint, u, r.footprint)) join_clock(c, x->clock);
    }
    for (std::size_t i = 0; i + 1 < releasers_.size(); ++i) {
      if (Dependence::dependent(releasers_[i].action.thread, releasers_[i].footprint, u, r.footprint)) {
        join_clock(c, releasers_[i].clock);
      }
    }
    c[u] = r.seq;
  }
  for (const Event& r : releasers_) w.push_back(&r);
  return !releasers_.empty();
}

}  // namespace lockstep::detail
