// The dependence relation partial-order reduction works with: which operations of two
// threads do not commute, and which orderings of two dependent operations cannot be swapped
// because the first one enables the second.
#pragma once

#include <cstdint>
#include <vector>

#include "lockstep/detail/op.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {

class Execution;

// An operation of a thread, executed or pending. `known`: its outcome is `result`, as its
// step recorded it, or as the state it is pending in decides it (a compare-exchange).
struct Action {
  ThreadId thread;
  Op op;
  bool known = false;
  std::int64_t result = 0;
  // Known and made no progress (StepRecord::no_progress). A pending step that may make none
  // is taken as one: the fair scheduler orders both against every step.
  bool no_progress = false;
  // Started a thread, as its step recorded it: a spawn in the code its thread ran after the
  // operation, before its next one (a pending operation cannot tell).
  bool creates = false;
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
    // join(timeout), is_alive(): `joins` without waiting for the end (so unindexed: the thread
    // may step after it; dependent() takes joins before the local rule, its last step ends it)
    bool sees_end = false;
    // A step of a daemon thread, and the step after which the last non-daemon thread ended
    // (set by dpor on an execution's last step): that end abandons every daemon where it
    // stands, so the two do not commute.
    bool daemon = false;
    bool ends = false;
    // May start a thread (a ProcessQueue's put, which may start its feeder; a step that did,
    // Action::creates). Threads are numbered in the order they start, and a wakeup sequence
    // names threads by number: two such steps do not commute.
    bool creates = false;
    Access accesses[2];
    Access freed;  // the lock
    Access taken;
  };

  // What footprint() reads of an execution, copied out of it: --jobs for dpor replays a
  // worker's reversals later, with the objects of the execution that found them
  // (explore/parallel_dpor.hpp).
  struct World {
    std::vector<ObjectRecord> objects;  // kind, parent and lock of each (no object, no name)
    std::uint64_t daemons = 0;
    bool spurious_wakeups = false;
  };
  static void copy_world(const Execution& execution, World& into);
  static bool same_world(const Execution& execution, const World& world);

  explicit Dependence(const Execution& execution)
      : objects_(execution.object_count() == 0 ? nullptr : &execution.object(0)),
        object_count_(execution.object_count()),
        daemons_(execution.daemons()),
        spurious_wakeups_(execution.spurious_wakeups()) {}
  explicit Dependence(const World& world)
      : objects_(world.objects.data()),
        object_count_(world.objects.size()),
        daemons_(world.daemons),
        spurious_wakeups_(world.spurious_wakeups) {}

  // Written into `into` field by field, not returned: a returned one was written a byte at a
  // time and then copied into its event in 16-byte loads, which stalled on those stores.
  void footprint(const Action& a, Footprint& into) const;
  Footprint footprint(const Action& a) const {
    Footprint f;
    footprint(a, f);
    return f;
  }

  // Operations of different threads that may not commute. Same thread: false (program
  // order relates them anyway).
  static bool dependent(ThreadId a, const Footprint& fa, ThreadId b, const Footprint& fb) {
    if (a == b) return false;
    // Before the local rule: a join waits for every step of the thread it joins, local ones
    // (a final yield or sleep) included.
    if (fa.joins == b || fb.joins == a) return true;
    if ((fa.ends && fb.daemon) || (fb.ends && fa.daemon)) return true;
    if (fa.creates && fb.creates) return true;
    // Before the local rule too: a yield is ordered against every step of another thread, a
    // local one (a sleep, a spawn) included, since any step of a thread it yields to is the
    // move that lets the yielder run again.
    if (fa.scope == Footprint::Scope::everything || fb.scope == Footprint::Scope::everything) return true;
    if (fa.scope == Footprint::Scope::local || fb.scope == Footprint::Scope::local) return false;
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
    return a.known && a.result == 1 &&
           (a.op.kind == OpKind::try_acquire || a.op.kind == OpKind::rw_try_lock ||
            a.op.kind == OpKind::rw_try_lock_shared);
  }

 private:
  void accesses(const Action& a, Footprint& f) const;  // footprint() without the lock it frees or takes
  static bool conflict(const Access& x, const Access& y) { return (x.write || y.write) && x.object == y.object; }
  // The lock a condition waits with (bound when the condition was built).
  ObjectId lock_of(ObjectId condition) const;
  bool is_condition(ObjectId id) const;
  ObjectId tasks_of(ObjectId queue) const;  // a Queue's unfinished-task count, or kNoObject
  bool is_condvar(ObjectId id) const;
  static void everything(Footprint& f);  // `f` made dependent with every step

  std::size_t object_count() const { return object_count_; }
  const ObjectRecord& record(ObjectId id) const { return objects_[id]; }
  std::uint64_t daemons() const { return daemons_; }
  bool spurious_wakeups() const { return spurious_wakeups_; }

  const ObjectRecord* objects_;
  std::size_t object_count_;
  std::uint64_t daemons_;
  bool spurious_wakeups_;
};

}  // namespace lockstep::detail
