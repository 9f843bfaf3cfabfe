// The dependence relation over OpKind and objects (see dependence.hpp).
#include "explore/dependence.hpp"

#include <optional>

#include "runtime/execution.hpp"

namespace lockstep::detail {
namespace {

bool notified(const Action& a) { return !a.executed || a.result == 1; }

}  // namespace

bool Dependence::is_condition(ObjectId id) const {
  if (id >= execution_.object_count()) return false;
  const ObjectKind kind = execution_.object(id).kind;
  return kind == ObjectKind::condition || kind == ObjectKind::process_condition;
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
  if (next < execution_.object_count() && execution_.object(next).parent == condition) return {next, write, false};
  return {kNoObject, write, true};
}

Dependence::Footprint Dependence::footprint(const Action& a) const {
  Footprint f;
  const ObjectId object = a.op.object;
  auto add = [&f](Access access) { f.accesses[f.count++] = access; };
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
    case OpKind::wait:
    case OpKind::wait_wake:
    case OpKind::wait_reacquire:
    case OpKind::notify:
      add({object, true, false});
      // wait releases the lock, wait_wake and wait_reacquire take it back, notify checks
      // that it is held.
      if (is_condition(object)) add(lock_of(object, a.op.kind != OpKind::notify));
      return f;
    case OpKind::load:
    case OpKind::empty:
    case OpKind::size:
    case OpKind::event_is_set:
      add({object, false, false});
      return f;
    case OpKind::compare_exchange:
      add({object, !(a.executed && a.result == 0), false});  // a failed compare_exchange only reads
      return f;
    default:
      if (object == kNoObject) {
        f.scope = Footprint::Scope::everything;
        return f;
      }
      add({object, true, false});
      return f;
  }
}

bool Dependence::accesses(const Action& a, Access (&out)[2], int& count, int& joins) const {
  const Footprint f = footprint(a);
  if (f.scope == Footprint::Scope::everything) return false;
  count = f.count;
  joins = f.joins;
  for (int i = 0; i < f.count; ++i) {
    if (f.accesses[i].any_free_lock) return false;
    out[i] = f.accesses[i];
  }
  return true;
}

bool Dependence::conflict(const Access& x, const Access& y) const {
  if (!x.write && !y.write) return false;
  if (x.any_free_lock && y.any_free_lock) return true;
  if (x.any_free_lock) return free_lock(y.object);
  if (y.any_free_lock) return free_lock(x.object);
  return x.object == y.object;
}

bool Dependence::dependent(const Action& a, const Action& b) const {
  if (a.thread == b.thread) return false;
  const Footprint fa = footprint(a);
  const Footprint fb = footprint(b);
  if (fa.scope == Footprint::Scope::local || fb.scope == Footprint::Scope::local) return false;
  if (fa.scope == Footprint::Scope::everything || fb.scope == Footprint::Scope::everything) return true;
  if (fa.joins == b.thread || fb.joins == a.thread) return true;
  for (int i = 0; i < fa.count; ++i) {
    for (int j = 0; j < fb.count; ++j) {
      if (conflict(fa.accesses[i], fb.accesses[j])) return true;
    }
  }
  return false;
}

std::optional<ObjectId> Dependence::frees(const Action& a) const {
  if (a.op.kind == OpKind::release) return a.op.object;
  if (a.op.kind == OpKind::wait && is_condition(a.op.object)) return lock_of(a.op.object, true).object;
  return std::nullopt;
}

std::optional<ObjectId> Dependence::takes(const Action& a) const {
  if (a.op.kind == OpKind::acquire) return a.op.object;
  if (a.op.kind == OpKind::wait_reacquire && is_condition(a.op.object)) return lock_of(a.op.object, true).object;
  // A notified wait on a threading.Condition re-acquires its lock in the wake-up step.
  if (a.op.kind == OpKind::wait_wake && a.op.object < execution_.object_count() &&
      execution_.object(a.op.object).kind == ObjectKind::condition && notified(a)) {
    return lock_of(a.op.object, true).object;
  }
  return std::nullopt;
}

bool Dependence::hands_over(const Action& a, const Action& b) const {
  const std::optional<ObjectId> released = frees(a);
  const std::optional<ObjectId> taken = takes(b);
  if (!released || !taken) return false;
  auto access = [](ObjectId lock) { return Access{lock, true, lock == kNoObject}; };
  return conflict(access(*released), access(*taken));
}

bool Dependence::reversible(const Action& a, const Action& b) const {
  if ((b.op.kind == OpKind::join || b.op.kind == OpKind::join_at_exit) && b.op.arg == a.thread) return false;
  if (hands_over(a, b)) return false;
  // An untimed wait wakes only when notified.
  const bool untimed = b.op.arg < 0 && !execution_.spurious_wakeups();
  if (a.op.kind == OpKind::notify && b.op.kind == OpKind::wait_wake && a.op.object == b.op.object && untimed &&
      notified(b)) {
    return false;
  }
  return true;
}

}  // namespace lockstep::detail
