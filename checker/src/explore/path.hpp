// The choices one execution made, as a flat vector with a cursor (after loom's rt/path.rs):
// replaying walks it, depth-first search advances its last choice that has an untried
// alternative.
#pragma once

#include <cstdint>
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
    if (cursor_ < choices_.size()) {
      const Choice& c = choices_[cursor_++];
      if (c.kind != Choice::Kind::thread || c.alternatives != enabled) return kDiverged;
      return static_cast<ThreadId>(c.chosen);
    }
    choices_.push_back({Choice::Kind::thread, preferred, preferred, enabled});
    ++cursor_;
    return preferred;
  }
  // While the recorded prefix is replayed: the next choice, when it is a thread pick (the
  // cursor moves past it). Null for the last recorded choice, the one advance() moved on:
  // pick() compares its whole enabled set with the recorded one, so a model that diverged
  // is caught there at the latest.
  const Choice* replaying() {
    if (cursor_ >= replayed_ || choices_[cursor_].kind != Choice::Kind::thread) return nullptr;
    return &choices_[cursor_++];
  }
  // The model no longer offers the latest thread choice replayed (kDiverged).
  Divergence divergence() const;
  int choose(int n);
  // Moves to the next untried path in depth-first order; false when none is left.
  bool advance();
  const std::vector<Choice>& choices() const { return choices_; }

 private:
  std::vector<Choice> choices_;
  std::size_t cursor_ = 0;
  std::size_t replayed_ = 0;  // the choices before the last one, which replaying() hands out
};

}  // namespace lockstep::detail
