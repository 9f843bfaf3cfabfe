// Random walks: every scheduling choice and choose() value drawn from one seeded
// pseudo-random sequence, so a seed visits the same executions in the same order on every
// run. Never a proof; bounded by --max-executions. (Shuttle's RandomScheduler.)
#pragma once

#include <cstdint>
#include <random>

#include "explore/strategy.hpp"

namespace lockstep::detail {

// Sharded seeded runs (--shard K/N): execution i of the whole run draws from a sequence of
// its own, seeded by this mix of the seed and i (SplitMix64's finalizer), so that shard K
// can run executions K, K + N, K + 2N... without the draws of the others.
inline std::uint64_t execution_seed(std::uint64_t seed, std::uint64_t index) {
  std::uint64_t z = seed + 0x9e3779b97f4a7c15 * (index + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

// Which executions a shard of a seeded run explores.
struct SeedShard {
  std::uint64_t shard = 0;
  std::uint64_t shards = 1;  // 1: one sequence for the whole run, as unsharded
  std::uint64_t next = 0;    // executions of this shard started so far

  // Reseeds `random` for the next execution of a sharded run.
  template <class Engine>
  void next_execution(Engine& random, std::uint64_t seed) {
    if (shards > 1) random.seed(execution_seed(seed, shard + shards * next++));
  }
};

class RandomStrategy : public Strategy {
 public:
  explicit RandomStrategy(std::uint64_t seed, SeedShard shard = {}) : random_(seed), seed_(seed), shard_(shard) {}

  bool next_execution() override {
    shard_.next_execution(random_, seed_);
    return true;
  }
  ThreadId pick(const SchedulingPoint& point) override;
  int choose(int n) override { return static_cast<int>(random_() % static_cast<std::uint64_t>(n)); }
  bool complete() const override { return false; }

 private:
  std::mt19937_64 random_;  // its output sequence is fixed by the C++ standard
  std::uint64_t seed_;
  SeedShard shard_;
};

}  // namespace lockstep::detail
