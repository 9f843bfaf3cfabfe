// Happens-before for data-race detection: a vector clock per thread and per object, and
// for each Shared variable its last store and the loads since (FastTrack-style epochs).
// Tables keep their capacity across executions, so a warm execution allocates nothing.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <source_location>
#include <vector>

#include "lockstep/detail/op.hpp"

namespace lockstep::detail {

using VectorClock = std::array<std::uint32_t, kMaxThreads>;

// The earlier of two conflicting accesses that are not ordered by happens-before.
struct Race {
  ThreadId thread;
  bool store;
  std::source_location location;
};

class HappensBefore {
 public:
  void reset();
  // A new thread starts knowing everything its parent did so far (none for main).
  void add_thread(ThreadId thread, std::optional<ThreadId> parent);
  void add_object(ObjectId object);
  // Every step gets an epoch of its own in its thread's component.
  void tick(ThreadId thread) { ++threads_[thread][thread]; }
  // `thread` now knows everything released into `object` ...
  void acquire(ThreadId thread, ObjectId object) { join(threads_[thread], objects_[object]); }
  // ... and `object` now carries everything `thread` did so far.
  void release(ThreadId thread, ObjectId object) { join(objects_[object], threads_[thread]); }
  void join_thread(ThreadId thread, ThreadId finished) { join(threads_[thread], threads_[finished]); }
  // Records a load or store of a Shared variable; returns the earlier access it races with.
  std::optional<Race> access(ThreadId thread, ObjectId variable, bool store, std::source_location location);

 private:
  struct Access {
    std::uint32_t epoch;  // 0: none
    ThreadId thread;
    std::source_location location;
  };
  struct Variable {
    Access store;
    std::uint64_t loaded;  // threads with a load since the last store
    Access loads[kMaxThreads];  // per thread, valid where `loaded` says so: never cleared
  };
  void join(VectorClock& into, const VectorClock& from) const {
    for (int t = 0; t < live_; ++t) into[t] = std::max(into[t], from[t]);
  }

  int live_ = 0;  // threads so far: every clock's entries beyond are stale
  // Both only grow (a warm execution clears no more than it uses); object_count_ are in use.
  std::vector<VectorClock> threads_;
  std::vector<VectorClock> objects_;
  std::size_t object_count_ = 0;
  std::vector<std::int32_t> variable_of_;  // per object: index into variables_, or -1
  // Variables in use this execution; variables_ only grows, so a warm execution neither
  // allocates nor clears the per-thread load records.
  std::size_t variable_count_ = 0;
  std::vector<Variable> variables_;
};

}  // namespace lockstep::detail
