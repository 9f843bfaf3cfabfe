// The one interface every exploration strategy implements. At each scheduling point the
// strategy sees the enabled threads and, through the execution, each one's pending
// operation, so partial-order reduction is a strategy like the others.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "lockstep/detail/op.hpp"
#include "lockstep/run.hpp"

namespace lockstep::detail {

class Execution;

struct SchedulingPoint {
  std::uint64_t enabled;       // bit per thread
  int previous;                // thread that ran the step before, -1 at the start
  const Execution& execution;  // pending operations, the steps so far
};

// A strategy found that the model does not behave as it did when the choices it replays
// were recorded.
struct Divergence {
  std::string message;
};

// Thrown by pick() to end the current execution early: every way to complete it is
// equivalent to an execution explored already (e.g. it is sleep-set blocked). The run ends
// without a failure and counts as redundant, not as an execution.
struct Abandon {};

class Strategy {
 public:
  virtual ~Strategy() = default;
  // Prepares the next execution; false once exploration is over.
  virtual bool next_execution() = 0;
  virtual ThreadId pick(const SchedulingPoint& point) = 0;
  virtual int choose(int n) = 0;
  // True when the executions explored so far cover the whole state space.
  virtual bool complete() const = 0;
  // Knuth's estimate of the size of the tree it explores, from the execution that just ran
  // (explore/estimate.hpp); 0 when its executions make no estimate (dfs and bounded are
  // estimated from probes instead; random, pct and replay explore no tree).
  virtual double tree_product(const Execution&) const { return 0; }
  // A strategy whose tree grows as it is explored (dpor's: races found later add branches
  // above) estimates its size itself, from where it is, after `executions` counted ones:
  // preferred to the samples of tree_product().
  virtual std::optional<TreeEstimate> own_estimate(std::uint64_t) const { return std::nullopt; }
  // Whether the execution that just ran is this run's to count and report: false for one a
  // partitioned dfs ran only to find out that its part of the tree is another explorer's
  // (explore/partition.hpp).
  virtual bool owns_execution() { return true; }
  // Partitioned: the unit of the execution that just ran, in depth-first order.
  virtual std::uint64_t unit() const { return 0; }
};

inline ThreadId lowest(std::uint64_t set) { return static_cast<ThreadId>(__builtin_ctzll(set)); }
inline std::uint64_t bit(int thread) { return std::uint64_t{1} << thread; }

}  // namespace lockstep::detail
