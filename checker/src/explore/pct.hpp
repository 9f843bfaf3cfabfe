// Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, "A
// Randomized Scheduler with Probabilistic Guarantees of Finding Bugs", ASPLOS'10). Each
// execution gives the threads random distinct priorities and always runs the enabled thread
// of highest priority; at d-1 random steps the thread that just ran drops below every other.
// A bug of depth d (d orderings that must all hold) is found in each execution with
// probability at least 1/(n * k^(d-1)) for n threads and k steps. Seeded like random; never
// a proof.
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "explore/random.hpp"
#include "explore/strategy.hpp"

namespace lockstep::detail {

class PctStrategy : public Strategy {
 public:
  // `depth`: d, at least 1.
  PctStrategy(std::uint64_t seed, int depth, SeedShard shard = {})
      : random_(seed), seed_(seed), shard_(shard), depth_(depth) {}

  bool next_execution() override;
  ThreadId pick(const SchedulingPoint& point) override;
  int choose(int n) override { return static_cast<int>(random_() % static_cast<std::uint64_t>(n)); }
  bool complete() const override { return false; }

 private:
  // Priorities: changed ones are 1..d-1 (the i-th change point gives i), the starting ones
  // lie above every changed one, drawn at random as each thread first shows up.
  static constexpr std::uint64_t kStart = std::uint64_t{1} << 32;

  std::mt19937_64 random_;
  std::uint64_t seed_;
  SeedShard shard_;
  int depth_;
  std::array<std::uint64_t, kMaxThreads> priority_{};  // 0: not drawn yet
  std::vector<std::uint64_t> change_points_;           // the i-th is the step that gives priority i + 1
  std::uint64_t step_ = 0;                             // steps scheduled in this execution
  std::uint64_t longest_ = 0;                          // k: the most steps an execution took so far
};

}  // namespace lockstep::detail
