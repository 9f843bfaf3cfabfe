// The choices one execution made, as a flat vector with a cursor (after loom's rt/path.rs):
// replaying walks it, depth-first search advances its last choice that has an untried
// alternative.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "explore/strategy.hpp"

namespace lockstep::detail {

struct Choice {
  enum class Kind : std::uint8_t { thread, value };
  Kind kind;
  std::uint32_t chosen;
  std::uint32_t first;          // thread: the one tried first (the non-preemptive one)
  std::uint64_t alternatives;   // thread: the enabled set; value: how many values
};

class Path {
 public:
  // Replays the next recorded choice, or records a new one starting with `preferred`.
  // kDiverged when the recorded choice is not a thread pick among `enabled`.
  static constexpr ThreadId kDiverged = kMaxThreads;
  ThreadId pick(std::uint64_t enabled, ThreadId preferred) {
    if (next_ != std::to_address(choices_.end())) {
      const Choice& c = *next_++;
      if (c.kind != Choice::Kind::thread || c.alternatives != enabled) return kDiverged;
      return static_cast<ThreadId>(c.chosen);
    }
    record({Choice::Kind::thread, preferred, preferred, enabled});
    return preferred;
  }
  // While the recorded prefix is replayed: the next choice, when it is a thread pick (the
  // cursor moves past it). Null for the last recorded choice, the one advance() moved on:
  // pick() compares its whole enabled set with the recorded one, so a model that diverged
  // is caught there at the latest.
  const Choice* replaying() {
    if (next_ >= replay_end_ || next_->kind != Choice::Kind::thread) return nullptr;
    return next_++;
  }
  // The model no longer offers the latest thread choice replayed (kDiverged).
  Divergence divergence() const;
  int choose(int n);
  // Moves to the next untried path in depth-first order; false when none is left. With
  // `replay_prefix` false, replaying() hands out nothing (every choice goes through pick()).
  bool advance(bool replay_prefix);
  const std::vector<Choice>& choices() const { return choices_; }
  // How many choices this execution has made (replayed or new).
  std::size_t position() const { return cursor(); }
  // Replays the recorded choices again from the first (through pick() and choose()).
  void rewind() { next_ = replay_end_ = choices_.data(); }
  // Forgets every choice from the n-th on: advance() then moves at an earlier one.
  void truncate(std::size_t n) {
    if (n < choices_.size()) choices_.resize(n);
  }

 private:
  std::size_t cursor() const { return static_cast<std::size_t>(next_ - choices_.data()); }
  // Appends a new choice past everything recorded: nothing is left to replay.
  void record(const Choice& c) {
    if (choices_.size() == choices_.capacity()) [[unlikely]] grow();
    // grow() made room: push_back need not prepare to reallocate.
    if (choices_.size() == choices_.capacity()) __builtin_unreachable();
    choices_.push_back(c);
    next_ = replay_end_ = std::to_address(choices_.end());
  }
  [[gnu::noinline]] void grow() { choices_.reserve(std::max<std::size_t>(64, 2 * choices_.capacity())); }

  std::vector<Choice> choices_;
  // The next choice to replay, or the end of choices_ once everything recorded is replayed;
  // replaying() hands out those before replay_end_.
  const Choice* next_ = nullptr;
  const Choice* replay_end_ = nullptr;
};

}  // namespace lockstep::detail
