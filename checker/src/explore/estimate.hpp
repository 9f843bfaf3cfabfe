// Knuth's estimator of a search tree's size (D. E. Knuth, "Estimating the efficiency of
// backtrack programs", Math. Comp. 29, 1975): along one root-to-leaf path, the product of
// the branching factors met is an estimate of the number of leaves, unbiased when the path
// is drawn by a random walk (a uniform choice at each branching point). A bounded run reports
// the mean of these products and the standard error of that mean, as its coverage
// (docs/cli.md, "Coverage of a bounded run", says what each strategy's tree is).
//
// dfs's own executions are no such walk: they come in depth-first order, the first ones all
// sharing one long prefix of non-preemptive choices, and their products overestimated the
// trees of models/bench 20 to 80 times. So dfs and bounded estimate from probes: random-walk
// executions run between theirs, which count as nothing else.
#pragma once

#include <cstdint>
#include <optional>

#include "lockstep/run.hpp"

namespace lockstep::detail {

class StepLog;

// The product of the branching factors of one execution in the tree of every schedule
// (what --strategy dfs explores): at each scheduling point the number of enabled threads,
// at each choose(n) n.
double schedule_tree_product(const StepLog& steps);

class Execution;

class TreeEstimator {
 public:
  // One execution's product; 0 (a strategy without a tree) is not a sample.
  void add(double product);
  // Takes in the samples of another estimator (another worker's, another shard's).
  void merge(const TreeEstimator& other);
  void merge(const TreeEstimate& other);
  std::optional<TreeEstimate> estimate() const;
  std::uint64_t samples() const { return samples_; }

 private:
  // Welford's running mean and sum of squared deviations, in long double: products of
  // hundreds of branching points overflow a double long before they overflow this.
  std::uint64_t samples_ = 0;
  long double mean_ = 0;
  long double m2_ = 0;
};

// Random-walk executions of the tree of every schedule, for dfs and bounded.
class TreeProbe {
 public:
  // Whether a probe is due after this many executions: none for the first kQuiet (a tree
  // that small is usually explored before anyone asks), then one per kPeriod. A probe is a
  // random walk, dearer than a dfs execution (no replayed prefix): one per 16 made dfs of
  // bench/philosophers 22% slower, one per 128 no slower than the noise (docs/cli.md).
  static bool due(std::uint64_t executions) { return executions >= kQuiet && executions % kPeriod == 0; }
  // Samples wanted when a bound stopped the run, at most kTopUpSeconds spent on them.
  static constexpr std::uint64_t kTopUp = 256;
  static constexpr double kTopUpSeconds = 0.5;

  // Runs one probe on `execution` (its outcome, a failure included, is not reported: the
  // exploration meets every execution a probe can) and adds its product to `estimator`.
  void run(Execution& execution, TreeEstimator& estimator);

 private:
  static constexpr std::uint64_t kQuiet = 4096;
  static constexpr std::uint64_t kPeriod = 128;
  std::uint64_t seed_ = 0x6c6f636b73746570;  // fixed: the same run probes the same walks
};

}  // namespace lockstep::detail
