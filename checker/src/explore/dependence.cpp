// The dependence relation over OpKind and objects (see dependence.hpp).
#include "explore/dependence.hpp"

#include "lockstep/detail/value.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {
namespace {

bool notified(const Action& a) { return !a.executed || a.result == 1; }

}  // namespace

bool Dependence::is_condition(ObjectId id) const {
  if (id >= execution_.object_count()) return false;
  const ObjectKind kind = execution_.object(id).kind;
  return kind == ObjectKind::condition || kind == ObjectKind::process_condition || kind == ObjectKind::condvar;
}

bool Dependence::is_condvar(ObjectId id) const {
  return id < execution_.object_count() && execution_.object(id).kind == ObjectKind::condvar;
}

Dependence::Footprint Dependence::everything(Footprint f) {
  f.scope = Footprint::Scope::everything;
  f.indexed = false;
  return f;
}

bool Dependence::free_lock(ObjectId id) const {
  if (id >= execution_.object_count()) return false;
  const ObjectRecord& o = execution_.object(id);
  return (o.kind == ObjectKind::lock || o.kind == ObjectKind::rlock) && o.parent == kNoObject;
}

// A condition's own RLock is attached right after it, with the condition as its parent. A
// condition built on an existing lock does not say which: it stands for every lock that
// belongs to no condition.
Dependence::Access Dependence::lock_of(ObjectId condition, bool write) const {
  const ObjectId next = condition + 1;
  if (next < execution_.object_count() && execution_.object(next).parent == condition) {
    return {next, write, false, free_lock(next)};
  }
  return {kNoObject, write, true, false};
}

Dependence::Footprint Dependence::footprint(const Action& a) const {
  Footprint f = accesses(a);
  const ObjectId object = a.op.object;
  switch (a.op.kind) {
    case OpKind::acquire:
      f.takes = true;
      f.taken = lock(object);
      break;
    case OpKind::release:
      f.frees = true;
      f.freed = lock(object);
      break;
    case OpKind::wait:
      if (!is_condition(object)) break;
      f.frees = true;
      f.freed = lock(lock_of(object, true).object);
      break;
    case OpKind::wait_reacquire:
      if (!is_condition(object)) break;
      f.takes = true;
      f.taken = lock(lock_of(object, true).object);
      break;
    case OpKind::wait_wake:
      // A notified wait on a threading.Condition or a CondVar re-acquires its lock in the
      // wake-up step.
      if (object >= execution_.object_count() ||
          (execution_.object(object).kind != ObjectKind::condition &&
           execution_.object(object).kind != ObjectKind::condvar) ||
          !notified(a)) {
        break;
      }
      f.takes = true;
      f.taken = lock(lock_of(object, true).object);
      break;
    // ---- C++ primitives (prims-cpp) ----
    // A SharedMutex is handed over like a lock, in either mode (recursive ownership is
    // misuse, so every take starts a critical section). A try does not wait for the
    // release, so it is not seen through; as try_acquire, a successful one still counts as
    // the take a later release hands over (DporStrategy::races).
    case OpKind::rw_lock:
    case OpKind::rw_lock_shared:
      f.takes = true;
      f.taken = {object, true, false, false};
      break;
    case OpKind::rw_unlock:
    case OpKind::rw_unlock_shared:
      f.frees = true;
      f.freed = {object, true, false, false};
      break;
    default:
      break;
  }
  return f;
}

Dependence::Footprint Dependence::accesses(const Action& a) const {
  Footprint f;
  const ObjectId object = a.op.object;
  auto add = [&f](Access access) {
    f.accesses[f.count++] = access;
    f.indexed = f.indexed && !access.any_free_lock;
  };
  auto access = [this, object](bool write) { return Access{object, write, false, free_lock(object)}; };
  switch (a.op.kind) {
    case OpKind::spawn:
    case OpKind::finish:
    case OpKind::yield:
    case OpKind::sleep:
    case OpKind::choose:
      f.scope = Footprint::Scope::local;
      return f;
    case OpKind::join:
    case OpKind::join_at_exit:
      f.joins = static_cast<int>(a.op.arg);
      return f;
    case OpKind::wait_wake:
      // A CondVar's unnotified wake-up counts as a yield: what the others may do next
      // depends on how many of their steps came before it, whatever those touch.
      if (is_condvar(object) && !(a.executed && a.result == 1)) return everything(f);
      [[fallthrough]];
    case OpKind::wait:
    case OpKind::wait_reacquire:
    case OpKind::notify:
      add(access(true));
      // wait releases the lock, wait_wake and wait_reacquire take it back, notify checks
      // that it is held (a CondVar's does not: std::condition_variable needs no lock there).
      if (is_condition(object) &&
          !(a.op.kind == OpKind::notify && execution_.object(object).kind == ObjectKind::condvar)) {
        add(lock_of(object, a.op.kind != OpKind::notify));
      }
      return f;
    // ---- C++ primitives and model calls (prims-cpp) ----
    case OpKind::assume:
    case OpKind::atomic_end:
      f.scope = Footprint::Scope::local;
      return f;
    // atomic_begin shuts the other threads out until the block ends: running it first is
    // not the same as running another thread's step first, whatever that step touches.
    // dpor also reverses a race with a step inside the block at the block's start
    // (DporStrategy::reverse), since the step itself cannot be preempted.
    case OpKind::atomic_begin:
      return everything(f);
    case OpKind::compare_exchange_weak:
      // A spurious failure counts as a yield (see wait_wake above); any other failure reads.
      if (!a.executed || a.result == kSpuriousFailure) return everything(f);
      add(access(a.result == kExchanged));
      return f;
    // Readers commute with readers (their counts add up); an exclusive op, a try whose
    // outcome depends on the writer, a latch's count_down are writes.
    case OpKind::rw_lock_shared:
    case OpKind::rw_unlock_shared:
    case OpKind::latch_try_wait:
    case OpKind::latch_wait:
      add(access(false));
      return f;
    case OpKind::rw_try_lock_shared:
      // Succeeds unless a writer owns it: reads the writer, adds a reader. Either way it
      // conflicts only with exclusive ops, which are writes.
      add(access(false));
      return f;
    case OpKind::load:
    case OpKind::empty:
    case OpKind::size:
    case OpKind::event_is_set:
      add(access(false));
      return f;
    case OpKind::compare_exchange:
      add(access(!a.executed || a.result == kExchanged));  // a failed compare_exchange only reads
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
  // (A CondVar's may always wake spuriously.)
  const bool untimed = b.op.arg < 0 && !execution_.spurious_wakeups() &&
                       (b.op.object >= execution_.object_count() ||
                        execution_.object(b.op.object).kind != ObjectKind::condvar);
  if (a.op.kind == OpKind::notify && b.op.kind == OpKind::wait_wake && a.op.object == b.op.object && untimed &&
      notified(b)) {
    return false;
  }
  return true;
}

}  // namespace lockstep::detail
