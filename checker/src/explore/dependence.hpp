// The dependence relation partial-order reduction works with: which operations of two
// threads do not commute, and which orderings of two dependent operations cannot be swapped
// because the first one enables the second.
#pragma once

#include <cstdint>

#include "lockstep/detail/op.hpp"

namespace lockstep::detail {

class Execution;

// An operation of a thread, executed (with the outcome its step recorded) or pending.
struct Action {
  ThreadId thread;
  Op op;
  bool executed = false;
  std::int64_t result = 0;
};

// Decided over OpKind and the object each operation touches, so a kind this relation does
// not know conflicts with everything on its object (and, without an object, with
// everything): unknown means dependent, which is always sound.
//
// What an operation touches depends on the kinds of the objects it names, looked up in the
// execution; footprint() does that once, and the relations below compare footprints only.
// A footprint holds for the execution it was made in: object ids name other objects in
// another one.
class Dependence {
 public:
  struct Access {
    ObjectId object;
    bool write;
    bool any_free_lock;  // a condition whose lock this relation cannot name
    bool free_lock;      // `object` is a lock that belongs to no condition
  };
  struct Footprint {
    enum class Scope : std::uint8_t { local, objects, everything };
    Scope scope = Scope::objects;
    std::uint8_t count = 0;
    // An index by object can hold it: `accesses` name every object it may depend on.
    bool indexed = true;
    bool frees = false;  // releases `freed` (a release, a condition wait)
    bool takes = false;  // waits to take `taken` (an acquire, a condition's re-acquire)
    int joins = -1;      // a join: depends on every step of this thread
    Access accesses[2];
    Access freed;  // the lock, kNoObject for one this relation cannot name
    Access taken;
  };

  explicit Dependence(const Execution& execution) : execution_(execution) {}

  Footprint footprint(const Action& a) const;

  // Operations of different threads that may not commute. Same thread: false (program
  // order relates them anyway).
  static bool dependent(ThreadId a, const Footprint& fa, ThreadId b, const Footprint& fb) {
    if (a == b) return false;
    // Everything before local: a step that counts as a yield (a CondVar's spurious wake-up)
    // depends even on a sleep() of another thread, which decides when it may run again.
    if (fa.scope == Footprint::Scope::everything || fb.scope == Footprint::Scope::everything) return true;
    if (fa.scope == Footprint::Scope::local || fb.scope == Footprint::Scope::local) return false;
    if (fa.joins == b || fb.joins == a) return true;
    for (int i = 0; i < fa.count; ++i) {
      for (int j = 0; j < fb.count; ++j) {
        if (conflict(fa.accesses[i], fb.accesses[j])) return true;
      }
    }
    return false;
  }
  // `a` ran before `b` and they are dependent: could `b` have run first? False when `a`
  // enables `b` (a release before the acquire it lets through, a thread's step before the
  // join that waits for it, a notify before the untimed wait it wakes). True when unsure.
  bool reversible(const Action& a, const Footprint& fa, const Action& b, const Footprint& fb) const;
  // `a` frees a lock that `b` takes (a release, or a condition wait, before an acquire):
  // the race to reverse is then with the step that took the lock before `a`.
  static bool hands_over(const Footprint& a, const Footprint& b) {
    return a.frees && b.takes && conflict(a.freed, b.taken);
  }
  // A try (Lock's acquire(false), SharedMutex's try_lock/try_lock_shared) that took the lock.
  static bool took_by_try(const Action& a) {
    return a.executed && a.result == 1 &&
           (a.op.kind == OpKind::try_acquire || a.op.kind == OpKind::rw_try_lock ||
            a.op.kind == OpKind::rw_try_lock_shared);
  }

 private:
  Footprint accesses(const Action& a) const;  // footprint() without the lock it frees or takes
  static bool conflict(const Access& x, const Access& y) {
    if (!x.write && !y.write) return false;
    if (x.any_free_lock && y.any_free_lock) return true;
    if (x.any_free_lock) return y.free_lock;
    if (y.any_free_lock) return x.free_lock;
    return x.object == y.object;
  }
  bool free_lock(ObjectId id) const;
  Access lock_of(ObjectId condition, bool write) const;
  Access lock(ObjectId id) const { return {id, true, id == kNoObject, free_lock(id)}; }
  bool is_condition(ObjectId id) const;
  bool is_condvar(ObjectId id) const;
  static Footprint everything(Footprint f);  // `f` made dependent with every step

  const Execution& execution_;
};

}  // namespace lockstep::detail
