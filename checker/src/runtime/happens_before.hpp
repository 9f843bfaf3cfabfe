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

class HappensBefore {
 public:
  // A load or store of a Shared variable, as the race check remembers it.
  struct Access {
    std::uint32_t epoch;  // 0: none
    ThreadId thread;
    bool store;
    std::source_location location;
  };

  // Every thread's clock is there from the start, so adding a thread never allocates.
  HappensBefore() : threads_(kMaxThreads) {}
  void reset() {
    live_ = 0;
    object_count_ = 0;
    variable_count_ = 0;
  }
  // A new thread starts knowing everything its parent did so far (none for main).
  void add_thread(ThreadId thread, std::optional<ThreadId> parent) {
    live_ = static_cast<int>(thread) + 1;
    if (live_ > width_) [[unlikely]] widen((live_ + 3) & ~3);
    VectorClock& clock = threads_[thread];
    if (parent) {
      copy(clock, threads_[*parent]);
    } else {
      clear(clock);
    }
    clock[thread] = 1;
  }
  // Whether add_object() and add_variable() can take `object` as they are; make_room() makes
  // them (tables only grow, so this holds in every execution but the first ones).
  bool has_room(ObjectId object) const { return object < objects_.size() && variable_count_ < variables_.size(); }
  [[gnu::cold]] void make_room(ObjectId object);
  // A new object that synchronizes (a lock, a condition...): its clock starts empty.
  void add_object(ObjectId object) {
    object_count_ = static_cast<std::size_t>(object) + 1;
    clear(objects_[object]);
    known_by_[object] = kEveryone;
  }
  // A new Shared variable, which access() may be asked about. Its object clock stays as it
  // is: acquire() and release() are never asked about a variable.
  void add_variable(ObjectId object) {
    object_count_ = static_cast<std::size_t>(object) + 1;
    variable_of_[object] = static_cast<std::uint32_t>(variable_count_);
    Variable& fresh = variables_[variable_count_++];
    fresh.store = {};
    fresh.loaded = 0;
  }
  // Every step gets an epoch of its own in its thread's component.
  void tick(ThreadId thread) { ++threads_[thread][thread]; }
  // `thread` now knows everything released into `object` ...
  void acquire(ThreadId thread, ObjectId object) {
    ThreadId& known = known_by_[object];
    if (known == thread || known == kEveryone) return;  // nothing it does not know already
    join(threads_[thread], objects_[object]);
    known = thread;
  }
  // ... and `object` now carries everything `thread` did so far. When the thread knows
  // everything in the object (a lock it acquired, a condition it was notified on, as
  // mostly), the join is a copy.
  void release(ThreadId thread, ObjectId object) {
    ThreadId& known = known_by_[object];
    if (known == thread || known == kEveryone) {
      merge<false>(objects_[object], threads_[thread]);
      known = thread;
    } else {
      merge<true>(objects_[object], threads_[thread]);
      known = kNobody;
    }
  }
  void join_thread(ThreadId thread, ThreadId finished) { join(threads_[thread], threads_[finished]); }
  // Records a load or store of a Shared variable; returns the earlier access it races
  // with (valid until the next call), null when there is none.
  template <bool kStore>
  const Access* access(ThreadId thread, ObjectId variable, std::source_location location) {
    Variable& v = variables_[variable_of_[variable]];
    const VectorClock& now = threads_[thread];
    // An access is ordered before this one when this thread has seen its epoch. Its own
    // accesses always are (its component only grows), and so is epoch 0 (none).
    auto unordered = [&now](const Access& a) { return a.epoch > now[a.thread]; };

    if (unordered(v.store)) return &v.store;
    if constexpr (!kStore) {
      v.loads[thread] = {now[thread], thread, false, location};
      v.loaded |= std::uint64_t{1} << thread;
    } else {
      for (std::uint64_t rest = v.loaded; rest != 0; rest &= rest - 1) {
        const Access& load = v.loads[__builtin_ctzll(rest)];
        if (unordered(load)) return &load;
      }
      // Every earlier load is ordered before this store, so later accesses need only check it.
      v.loaded = 0;
      v.store = {now[thread], thread, true, location};
    }
    return nullptr;
  }

 private:
  struct Variable {
    Access store;
    std::uint64_t loaded;  // threads with a load since the last store
    Access loads[kMaxThreads];  // per thread, valid where `loaded` says so: never cleared
  };
  // A join (kJoin) or a copy goes entry by entry, unrolled four at a time up to width_ (the
  // entries past live_ are stale anyway): it mostly follows a tick, a 4-byte store into the
  // same clock, which a 16-byte load cannot take from the store buffer (step/store measured
  // 22 ns with the vector loop, 18 ns without). The empty asm keeps the compiler from
  // vectorizing it. Clocks are merged while a thread runs, so width_ is at least 4.
  template <bool kJoin>
  void merge(VectorClock& into, const VectorClock& from) const {
    const int width = width_;
    int t = 0;
    do {
      for (int i = 0; i < 4; ++i) {
        std::uint32_t entry = from[t + i];
        asm("" : "+r"(entry));
        into[t + i] = kJoin ? std::max(into[t + i], entry) : entry;
      }
      t += 4;
    } while (t < width);
  }
  void join(VectorClock& into, const VectorClock& from) const { merge<true>(into, from); }

  // Copies and clears (a new thread or object, not after a tick) go four entries at a time
  // up to width_, a loop the compiler turns into vector instructions.
  void copy(VectorClock& into, const VectorClock& from) const {
    const int width = width_;
    for (int t = 0; t < width; t += 4) {
      std::uint32_t a[4];
      for (int i = 0; i < 4; ++i) a[i] = from[t + i];
      for (int i = 0; i < 4; ++i) into[t + i] = a[i];
    }
  }
  [[gnu::cold]] void widen(int width);
  void clear(VectorClock& clock) const {
    const int width = width_;
    for (int t = 0; t < width; t += 4) {
      for (int i = 0; i < 4; ++i) clock[t + i] = 0;
    }
  }

  // Threads so far. Every clock in use is 0 from live_ up to width_, the most threads of any
  // execution so far rounded up to a multiple of 4, and stale beyond: a new thread's entry
  // needs no clearing, except in the execution that first has that many threads.
  int live_ = 0;
  int width_ = 0;
  std::vector<VectorClock> threads_;
  // Only grows (a warm execution clears no more than it uses); object_count_ are in use.
  std::vector<VectorClock> objects_;
  // Per object: a thread whose clock is at least the object's in every entry (clocks of
  // threads only grow, and no thread id is reused within an execution), so that joining
  // them either way changes at most the object's. kEveryone: the object's clock is all 0;
  // kNobody: no such thread is known.
  static constexpr ThreadId kEveryone = kMaxThreads;
  static constexpr ThreadId kNobody = kMaxThreads + 1;
  std::vector<ThreadId> known_by_;
  std::size_t object_count_ = 0;
  // Per object that is a variable this execution: its index into variables_ (only grows, as
  // long as objects_; the other entries are stale).
  std::vector<std::uint32_t> variable_of_;
  // Variables in use this execution; variables_ only grows, so a warm execution neither
  // allocates nor clears the per-thread load records.
  std::size_t variable_count_ = 0;
  std::vector<Variable> variables_;
};

}  // namespace lockstep::detail
