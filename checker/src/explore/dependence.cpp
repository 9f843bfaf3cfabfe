// The dependence relation over OpKind and objects (see dependence.hpp).
#include "explore/dependence.hpp"

#include "runtime/execution.hpp"

namespace lockstep::detail {
namespace {

bool notified(const Action& a) { return !a.known || a.result == 1; }

}  // namespace

bool Dependence::is_condition(ObjectId id) const {
  if (id >= execution_.object_count()) return false;
  const ObjectKind kind = execution_.object(id).kind;
  return kind == ObjectKind::condition || kind == ObjectKind::process_condition;
}

ObjectId Dependence::lock_of(ObjectId condition) const { return execution_.object(condition).lock; }

ObjectId Dependence::tasks_of(ObjectId queue) const {
  const ObjectId next = queue + 1;
  if (queue >= execution_.object_count() || next >= execution_.object_count()) return kNoObject;
  const ObjectRecord& o = execution_.object(next);
  return o.parent == queue && o.kind == ObjectKind::queue ? next : kNoObject;
}

Dependence::Footprint Dependence::footprint(const Action& a) const {
  Footprint f = accesses(a);
  f.daemon = ((execution_.daemons() >> a.thread) & 1) != 0;
  const ObjectId object = a.op.object;
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
      if (!is_condition(object)) break;
      f.frees = true;
      f.freed = {lock_of(object), true};
      break;
    case OpKind::wait_reacquire:
      if (!is_condition(object)) break;
      f.takes = true;
      f.taken = {lock_of(object), true};
      break;
    case OpKind::wait_wake:
      // A notified wait on a threading.Condition re-acquires its lock in the wake-up step.
      if (object >= execution_.object_count() || execution_.object(object).kind != ObjectKind::condition ||
          !notified(a)) {
        break;
      }
      f.takes = true;
      f.taken = {lock_of(object), true};
      break;
    default:
      break;
  }
  return f;
}

Dependence::Footprint Dependence::accesses(const Action& a) const {
  Footprint f;
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
      return f;
    case OpKind::spawn:
    case OpKind::finish:
    case OpKind::sleep:
    case OpKind::choose:
      f.scope = Footprint::Scope::local;
      return f;
    case OpKind::join:
    case OpKind::join_at_exit:
      f.joins = static_cast<int>(a.op.arg);
      return f;
    // Python threading additions (issue 17). join(timeout) and is_alive() read whether the
    // thread finished: dependent with its steps (the last one ends it). Unlike a join, they
    // do not wait for the end, so the thread may take steps after them: no index finds them
    // from those steps, so they are left out of the index (every later step compares with them).
    case OpKind::join_timed:
      f.joins = joined_thread(a.op.arg);
      f.sees_end = true;
      f.indexed = false;
      return f;
    case OpKind::is_alive:
      f.joins = static_cast<int>(a.op.arg);
      f.sees_end = true;
      f.indexed = false;
      return f;
    case OpKind::locked:
      add(access(false));
      return f;
    // A queue's unfinished-task count (queue.hpp: attached right after it): put changes the
    // items and the count, task_done the count, join() waits for the count to be 0. So the
    // step a blocked join() races with is the put or task_done that last changed the count,
    // not a get() after it.
    case OpKind::put:
    case OpKind::put_timed:
      add(access(true));
      if (const ObjectId tasks = tasks_of(object); tasks != kNoObject) add({tasks, true});
      return f;
    case OpKind::task_done:
      add(access(true));  // it takes the queue's mutex too (happens-before)
      if (const ObjectId tasks = tasks_of(object); tasks != kNoObject) add({tasks, true});
      return f;
    case OpKind::queue_join:
      if (const ObjectId tasks = tasks_of(object); tasks != kNoObject) {
        add({tasks, false});  // its happens-before is the count's alone (queue.hpp)
      } else {
        add(access(true));
      }
      return f;
    case OpKind::wait:
    case OpKind::wait_wake:
    case OpKind::wait_reacquire:
    case OpKind::notify:
      add(access(true));
      // wait releases the lock, wait_wake and wait_reacquire take it back, notify checks
      // that it is held.
      if (is_condition(object)) add({lock_of(object), a.op.kind != OpKind::notify});
      return f;
    case OpKind::empty:
    case OpKind::size:
    case OpKind::event_is_set:
      // A queue.Queue's query takes its mutex, an Event's its condition's lock: each acquires
      // and releases the object for happens-before (queue.hpp, event.cpp), so the order of
      // two of them decides whether what one thread did before is ordered before what the
      // other does after (a data race or not): they do not commute. A ProcessQueue's query
      // only reads. Found by lockstep_difftest: s0.store(1); q.size() against q.size();
      // s0.load(), whose data race dpor never saw.
      add(access(object >= execution_.object_count() ||
                 execution_.object(object).kind != ObjectKind::process_queue));
      return f;
    case OpKind::load:
      add(access(false));
      return f;
    case OpKind::compare_exchange:
      add(access(!(a.known && a.result == 0)));  // a failed compare_exchange only reads
      return f;
    default:
      if (object == kNoObject) {
        f.scope = Footprint::Scope::everything;
        f.indexed = false;
        return f;
      }
      add(access(true));
      return f;
  }
}

bool Dependence::reversible(const Action& a, const Footprint& fa, const Action& b, const Footprint& fb) const {
  if ((b.op.kind == OpKind::join || b.op.kind == OpKind::join_at_exit) && b.op.arg == a.thread) return false;
  if (hands_over(fa, fb)) return false;
  // An untimed wait wakes only when notified.
  const bool untimed = b.op.arg < 0 && !execution_.spurious_wakeups();
  if (a.op.kind == OpKind::notify && b.op.kind == OpKind::wait_wake && a.op.object == b.op.object && untimed &&
      notified(b)) {
    return false;
  }
  return true;
}

}  // namespace lockstep::detail
