// Random walks: every scheduling choice and choose() value drawn from one seeded
// pseudo-random sequence, so a seed visits the same executions in the same order on every
// run. Never a proof; bounded by --max-executions. (Shuttle's RandomScheduler.)
#pragma once

#include <cstdint>
#include <random>

#include "explore/strategy.hpp"

namespace lockstep::detail {

class RandomStrategy : public Strategy {
 public:
  explicit RandomStrategy(std::uint64_t seed) : random_(seed) {}

  bool next_execution() override { return true; }
  ThreadId pick(const SchedulingPoint& point) override;
  int choose(int n) override { return static_cast<int>(random_() % static_cast<std::uint64_t>(n)); }
  bool complete() const override { return false; }

 private:
  std::mt19937_64 random_;  // its output sequence is fixed by the C++ standard
};

}  // namespace lockstep::detail
