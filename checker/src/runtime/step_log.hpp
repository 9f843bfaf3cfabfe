// The steps of one execution, in order. Every scheduling point and every Shared access
// appends one, so appending is a store behind a single comparison: growth and the step
// limit are decided out of line, where the log reaches its room.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>

#include "lockstep/detail/op.hpp"

namespace lockstep::detail {

struct StepRecord {
  ThreadId thread;
  // It made no progress (Execution::no_progress): under the fair scheduler it is ordered
  // against every step. Here, after the one-byte thread, it costs no room.
  bool no_progress = false;
  // ...and it counted for the fair scheduler (with --unfair-polls, not every one does): its
  // thread now lets every other unfinished thread that is or becomes enabled move first.
  bool yields = false;
  Op op;
  std::int64_t result;
  std::uint64_t enabled = 0;  // the threads it was picked among; 0: recorded, not scheduled
};

class StepLog {
 public:
  // `limit`: the step limit, where the room ends even if the storage goes on.
  StepLog(std::size_t capacity, std::size_t limit) : limit_(limit) { reallocate(capacity); }

  std::size_t size() const { return static_cast<std::size_t>(end_ - storage_.get()); }
  bool empty() const { return end_ == storage_.get(); }
  const StepRecord& operator[](std::size_t i) const { return storage_[i]; }
  const StepRecord* begin() const { return storage_.get(); }
  const StepRecord* end() const { return end_; }
  StepRecord& back() { return end_[-1]; }
  StepRecord& at(std::size_t i) { return storage_[i]; }
  void clear() {
    end_ = storage_.get();
    checkpoint_ = kCheckEvery;
    set_room();
  }

  // The room ends where the storage ends, at the step limit, and every kCheckEvery steps:
  // there the caller can look at the clock (--time-limit within one long execution) at no
  // cost to the appends in between.
  static constexpr std::size_t kCheckEvery = 4096;
  // The next append needs grow() first, or is past the step limit.
  bool at_room() const { return end_ == room_; }
  // The next append would be past the step limit.
  bool at_limit() const { return at_room() && size() >= limit_; }
  void append(const StepRecord& step) { *end_++ = step; }
  // A scheduled step, the op copied whole with its padding: two moves where copying it
  // member by member takes four.
  void append(ThreadId thread, const Op& op, std::uint64_t enabled) {
    StepRecord* step = end_++;
    step->thread = thread;
    step->no_progress = false;
    step->yields = false;
    std::memcpy(&step->op, &op, sizeof(Op));
    step->result = 0;
    step->enabled = enabled;
  }
  // For a caller at its room that is below the step limit: doubles the storage when it is
  // full, and moves the room on to the next checkpoint.
  [[gnu::noinline]] void grow() {
    if (size() == capacity_) {
      growing_ = true;
      std::atomic_signal_fence(std::memory_order_seq_cst);
      reallocate(2 * capacity_);
      std::atomic_signal_fence(std::memory_order_seq_cst);
      growing_ = false;
    }
    if (size() == checkpoint_) checkpoint_ += kCheckEvery;
    set_room();
  }
  // Whether a signal handler interrupted grow(): the storage may be moving, so the records
  // cannot be read (a supervisor's publication skips that tick).
  bool growing() const { return growing_; }

 private:
  // Raw storage: a StepRecord is an aggregate, so the records come to life as they are
  // assigned, and a new log does not construct a thousand of them first.
  struct Free {
    void operator()(StepRecord* p) const { ::operator delete(p); }
  };
  void reallocate(std::size_t capacity) {
    std::unique_ptr<StepRecord[], Free> storage(static_cast<StepRecord*>(::operator new(capacity * sizeof(StepRecord))));
    const std::size_t size = end_ - storage_.get();
    std::copy_n(storage_.get(), size, storage.get());
    storage_ = std::move(storage);
    capacity_ = capacity;
    end_ = storage_.get() + size;
    set_room();
  }
  void set_room() { room_ = storage_.get() + std::min({capacity_, limit_, checkpoint_}); }

  std::unique_ptr<StepRecord[], Free> storage_;
  std::size_t capacity_ = 0;
  std::size_t limit_;
  StepRecord* end_ = nullptr;
  StepRecord* room_ = nullptr;  // end of the room: the storage's end, the step limit or the checkpoint
  std::size_t checkpoint_ = kCheckEvery;
  volatile bool growing_ = false;
};

}  // namespace lockstep::detail
