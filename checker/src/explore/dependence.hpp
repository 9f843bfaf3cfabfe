// The dependence relation partial-order reduction works with: which operations of two
// threads do not commute, and which orderings of two dependent operations cannot be swapped
// because the first one enables the second.
#pragma once

#include <cstdint>
#include <optional>

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
class Dependence {
 public:
  struct Access {
    ObjectId object;
    bool write;
    bool any_free_lock;  // a condition whose lock this relation cannot name
  };
  // What an operation touches, for indexing steps by object: up to two accesses, and the
  // thread a join waits for (-1 if none). False when no index can hold it (it depends on
  // everything, or on a lock this relation cannot name): compare it with every step.
  bool accesses(const Action& a, Access (&out)[2], int& count, int& joins) const;

  explicit Dependence(const Execution& execution) : execution_(execution) {}

  // Operations of different threads that may not commute. Same thread: false (program
  // order relates them anyway).
  bool dependent(const Action& a, const Action& b) const;
  // `a` ran before `b` and they are dependent: could `b` have run first? False when `a`
  // enables `b` (a release before the acquire it lets through, a thread's step before the
  // join that waits for it, a notify before the untimed wait it wakes). True when unsure.
  bool reversible(const Action& a, const Action& b) const;
  // `a` frees a lock that `b` takes (a release, or a condition wait, before an acquire):
  // the race to reverse is then with the step that took the lock before `a`.
  bool hands_over(const Action& a, const Action& b) const;
  // The lock a step waits to take (acquire, a condition's re-acquire after wait) or lets go
  // of (release, a condition wait); nullopt for other steps, kNoObject for a lock this
  // relation cannot name.
  std::optional<ObjectId> takes(const Action& a) const;
  std::optional<ObjectId> frees(const Action& a) const;

 private:
  struct Footprint {
    enum class Scope : std::uint8_t { local, objects, everything };
    Scope scope = Scope::objects;
    Access accesses[2];
    int count = 0;
    int joins = -1;  // a join: depends on every step of this thread
  };
  Footprint footprint(const Action& a) const;
  bool conflict(const Access& x, const Access& y) const;
  bool free_lock(ObjectId id) const;
  Access lock_of(ObjectId condition, bool write) const;
  bool is_condition(ObjectId id) const;

  const Execution& execution_;
};

}  // namespace lockstep::detail
