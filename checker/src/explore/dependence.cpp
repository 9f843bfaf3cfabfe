// The dependence relation over OpKind and objects (see dependence.hpp).
#include "explore/dependence.hpp"

#include "lockstep/detail/value.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {

void Dependence::copy_world(const Execution& execution, World& into) {
  into.objects.clear();
  for (std::size_t id = 0; id < execution.object_count(); ++id) {
    const ObjectRecord& o = execution.object(static_cast<ObjectId>(id));
    into.objects.push_back({nullptr, o.kind, o.parent, o.lock, {}, false});
  }
  into.daemons = execution.daemons();
  into.spurious_wakeups = execution.spurious_wakeups();
}

bool Dependence::same_world(const Execution& execution, const World& world) {
  if (execution.object_count() != world.objects.size() || execution.daemons() != world.daemons ||
      execution.spurious_wakeups() != world.spurious_wakeups) {
    return false;
  }
  for (std::size_t id = 0; id < world.objects.size(); ++id) {
    const ObjectRecord& o = execution.object(static_cast<ObjectId>(id));
    const ObjectRecord& w = world.objects[id];
    if (o.kind != w.kind || o.parent != w.parent || o.lock != w.lock) return false;
  }
  return true;
}

namespace {

bool notified(const Action& a) { return !a.known || a.result == 1; }

}  // namespace

bool Dependence::is_condition(ObjectId id) const {
  if (id >= object_count()) return false;
  const ObjectKind kind = record(id).kind;
  return kind == ObjectKind::condition || kind == ObjectKind::process_condition || kind == ObjectKind::condvar;
}

bool Dependence::is_condvar(ObjectId id) const {
  return id < object_count() && record(id).kind == ObjectKind::condvar;
}

void Dependence::everything(Footprint& f) {
  f.scope = Footprint::Scope::everything;
  f.indexed = false;
}

ObjectId Dependence::lock_of(ObjectId condition) const { return record(condition).lock; }

ObjectId Dependence::tasks_of(ObjectId queue) const {
  const ObjectId next = queue + 1;
  if (queue >= object_count() || next >= object_count()) return kNoObject;
  const ObjectRecord& o = record(next);
  return o.parent == queue && o.kind == ObjectKind::queue ? next : kNoObject;
}

namespace {

// Steps that may make no progress (Execution::no_progress): a sleep or yield always, the
// others when they find nothing or time out, which a pending one cannot tell yet. A
// blocking wait is not one (it makes progress when it runs), unless it may wake up
// spuriously; a blocking op taken as dependent on everything would hide the step that
// let it through.
bool may_poll_in_vain(const Op& op, bool spurious_wakeups, bool condvar) {
  switch (op.kind) {
    case OpKind::compare_exchange_weak:  // may fail spuriously
    case OpKind::put_timed:
    case OpKind::rw_try_lock:
    case OpKind::rw_try_lock_shared:
    case OpKind::latch_try_wait:
    case OpKind::yield:
    case OpKind::sleep:
    case OpKind::try_acquire:
    case OpKind::get_timed:
    case OpKind::try_get:
    case OpKind::sem_acquire_timed:
    case OpKind::event_wait_timed:
      return true;
    case OpKind::wait_wake:
      return op.arg >= 0 || spurious_wakeups || condvar;
    case OpKind::wait_reacquire:
      return op.arg == 0;
    default:
      return false;
  }
}

}  // namespace

void Dependence::footprint(const Action& a, Footprint& f) const {
  accesses(a, f);
  if (a.no_progress || (!a.known && may_poll_in_vain(a.op, spurious_wakeups(), is_condvar(a.op.object)))) {
    // Whether another thread's step falls before or after it changes what the fair
    // scheduler lets its thread do next, so it is ordered against every step.
    f.scope = Footprint::Scope::everything;
    f.indexed = false;
  }
  f.daemon = ((daemons() >> a.thread) & 1) != 0;
  const ObjectId object = a.op.object;
  f.creates = a.creates ||
              ((a.op.kind == OpKind::put || a.op.kind == OpKind::put_timed) && object < object_count() &&
               record(object).kind == ObjectKind::process_queue);
  switch (a.op.kind) {
    case OpKind::acquire:
      f.takes = true;
      f.taken = {object, true};
      break;
    case OpKind::release:
      f.frees = true;
      f.freed = {object, true};
      break;
    case OpKind::wait:
      if (!is_condition(object) || lock_of(object) == kNoObject) break;  // a CondVar before its first wait
      f.frees = true;
      f.freed = {lock_of(object), true};
      break;
    case OpKind::wait_reacquire:
      if (!is_condition(object) || lock_of(object) == kNoObject) break;  // a CondVar before its first wait
      f.takes = true;
      f.taken = {lock_of(object), true};
      break;
    case OpKind::wait_wake:
      // A notified wait on a threading.Condition or a CondVar re-acquires its lock in the
      // wake-up step.
      if (object >= object_count() ||
          (record(object).kind != ObjectKind::condition &&
           record(object).kind != ObjectKind::condvar) ||
          !notified(a) || lock_of(object) == kNoObject) {
        break;
      }
      f.takes = true;
      f.taken = {lock_of(object), true};
      break;
    // ---- C++ primitives (prims-cpp) ----
    // A SharedMutex is handed over like a lock, in either mode (recursive ownership is
    // misuse, so every take starts a critical section). A try does not wait for the
    // release, so it is not seen through; as try_acquire, a successful one still counts as
    // the take a later release hands over (DporStrategy::races).
    case OpKind::rw_lock:
    case OpKind::rw_lock_shared:
      f.takes = true;
      f.taken = {object, true};
      break;
    case OpKind::rw_unlock:
    case OpKind::rw_unlock_shared:
      f.frees = true;
      f.freed = {object, true};
      break;
    default:
      break;
  }
}

void Dependence::accesses(const Action& a, Footprint& f) const {
  f = Footprint{};
  const ObjectId object = a.op.object;
  auto add = [&f](Access access) { f.accesses[f.count++] = access; };
  auto access = [object](bool write) { return Access{object, write}; };
  switch (a.op.kind) {
    case OpKind::yield:
      // Not local, under the fair scheduler: a yield keeps its thread from running again
      // until every thread enabled at the yield has moved (or blocked), so whether a step of
      // another thread falls before or after it changes which schedules may follow (issue
      // 15: a timed wait whose notify could only come after the yield was never woken under
      // dpor). Ordering it against every step keeps equivalent executions at the same
      // fairness state; it costs reversals only in models that yield.
      f.scope = Footprint::Scope::everything;
      f.indexed = false;
      return;
    case OpKind::spawn:
    case OpKind::finish:
    case OpKind::sleep:
    case OpKind::choose:
      f.scope = Footprint::Scope::local;
      return;
    case OpKind::join:
    case OpKind::join_at_exit:
      f.joins = static_cast<int>(a.op.arg);
      return;
    // Python threading additions (issue 17). join(timeout) and is_alive() read whether the
    // thread finished: dependent with its steps (the last one ends it). Unlike a join, they
    // do not wait for the end, so the thread may take steps after them: no index finds them
    // from those steps, so they are left out of the index (every later step compares with them).
    case OpKind::join_timed:
      f.joins = joined_thread(a.op.arg);
      f.sees_end = true;
      f.indexed = false;
      return;
    case OpKind::is_alive:
      f.joins = static_cast<int>(a.op.arg);
      f.sees_end = true;
      f.indexed = false;
      return;
    case OpKind::locked:
      add(access(false));
      return;
    // A queue's unfinished-task count (queue.hpp: attached right after it): put changes the
    // items and the count, task_done the count, join() waits for the count to be 0. So the
    // step a blocked join() races with is the put or task_done that last changed the count,
    // not a get() after it.
    case OpKind::put:
    case OpKind::put_timed:
      add(access(true));
      if (const ObjectId tasks = tasks_of(object); tasks != kNoObject) add({tasks, true});
      return;
    case OpKind::task_done:
      add(access(true));  // it takes the queue's mutex too (happens-before)
      if (const ObjectId tasks = tasks_of(object); tasks != kNoObject) add({tasks, true});
      return;
    case OpKind::queue_join:
      if (const ObjectId tasks = tasks_of(object); tasks != kNoObject) {
        add({tasks, false});  // its happens-before is the count's alone (queue.hpp)
      } else {
        add(access(true));
      }
      return;
    case OpKind::wait_wake:
      // A CondVar's unnotified wake-up counts as a yield: what the others may do next
      // depends on how many of their steps came before it, whatever those touch.
      if (is_condvar(object) && !(a.known && a.result == 1)) {
        everything(f);
        return;
      }
      [[fallthrough]];
    case OpKind::wait:
    case OpKind::wait_reacquire:
    case OpKind::notify:
      // A CondVar learns its lock at its first wait: that wait, while pending, could touch
      // any lock.
      if (is_condvar(object) && a.op.kind != OpKind::notify && lock_of(object) == kNoObject) {
        everything(f);
        return;
      }
      add(access(true));
      // wait releases the lock, wait_wake and wait_reacquire take it back, notify checks
      // that it is held (a CondVar's does not: std::condition_variable needs no lock there).
      if (is_condition(object) &&
          !(a.op.kind == OpKind::notify && record(object).kind == ObjectKind::condvar)) {
        add({lock_of(object), a.op.kind != OpKind::notify});
      }
      return;
    // ---- C++ primitives and model calls (prims-cpp) ----
    case OpKind::assume:
    case OpKind::atomic_end:
      f.scope = Footprint::Scope::local;
      return;
    // atomic_begin shuts the other threads out until the block ends: running it first is
    // not the same as running another thread's step first, whatever that step touches.
    // dpor also reverses a race with a step inside the block at the block's start
    // (DporStrategy::reverse), since the step itself cannot be preempted.
    case OpKind::atomic_begin:
      everything(f);
      return;
    case OpKind::compare_exchange_weak:
      // A spurious failure counts as a yield (see wait_wake above), and whether one can
      // happen depends on the value found: dependent on every step whatever it did, since a
      // footprint that changes with the outcome made dpor miss executions (lockstep_difftest:
      // a failed weak exchange taken as a read, before three threads' is_alive()).
      everything(f);
      return;
    // Readers commute with readers (their counts add up); an exclusive op, a try whose
    // outcome depends on the writer, a latch's count_down are writes.
    case OpKind::rw_lock_shared:
    case OpKind::rw_unlock_shared:
    case OpKind::latch_try_wait:
    case OpKind::latch_wait:
      add(access(false));
      return;
    case OpKind::rw_try_lock_shared:
      // Succeeds unless a writer owns it: reads the writer, adds a reader. Either way it
      // conflicts only with exclusive ops, which are writes.
      add(access(false));
      return;
    case OpKind::empty:
    case OpKind::size:
    case OpKind::event_is_set:
      // A queue.Queue's query takes its mutex, an Event's its condition's lock: each acquires
      // and releases the object for happens-before (queue.hpp, event.cpp), so the order of
      // two of them decides whether what one thread did before is ordered before what the
      // other does after (a data race or not): they do not commute. A ProcessQueue's query
      // only reads. Found by lockstep_difftest: s0.store(1); q.size() against q.size();
      // s0.load(), whose data race dpor never saw.
      add(access(object >= object_count() ||
                 record(object).kind != ObjectKind::process_queue));
      return;
    case OpKind::load:
      add(access(false));
      return;
    case OpKind::compare_exchange:
      // A failed compare_exchange only reads. Its result: kExchanged, or the value it found
      // (for a pending one dpor predicts, kOpaque when it would fail).
      add(access(!a.known || a.result == kExchanged));
      return;
    default:
      if (object == kNoObject) {
        f.scope = Footprint::Scope::everything;
        f.indexed = false;
        return;
      }
      add(access(true));
      return;
  }
}

bool Dependence::reversible(const Action& a, const Footprint& fa, const Action& b, const Footprint& fb) const {
  if ((b.op.kind == OpKind::join || b.op.kind == OpKind::join_at_exit) && b.op.arg == a.thread) return false;
  if (hands_over(fa, fb)) return false;
  // An untimed wait wakes only when notified.
  // (A CondVar's may always wake spuriously.)
  const bool untimed = b.op.arg < 0 && !spurious_wakeups() &&
                       (b.op.object >= object_count() ||
                        record(b.op.object).kind != ObjectKind::condvar);
  if (a.op.kind == OpKind::notify && b.op.kind == OpKind::wait_wake && a.op.object == b.op.object && untimed &&
      notified(b)) {
    return false;
  }
  return true;
}

}  // namespace lockstep::detail
