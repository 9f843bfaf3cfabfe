// --shard K/N for dpor: dfs above the split, optimal DPOR below. The tree is cut into units
// as for dfs (explore/partition.hpp): a prefix of d choices, enumerated exhaustively in
// depth-first order (this strategy's own Path), or an execution that ended with fewer. A unit
// this shard claims is explored by a fresh DporStrategy whose first d choices are frozen to
// the prefix: races whose reversal point lies in the prefix are dropped (the alternatives
// there are other units' prefixes) and it never backtracks into the prefix. That is DPOR of
// the program that starts in the state the prefix reached, which explores every Mazurkiewicz
// trace of it; together the units cover every trace of the model, so the split is sound. It
// is not exact: traces that differ only in the order of prefix steps are explored once per
// prefix, so the shards' executions add up to more than one dpor run's (docs/architecture.md).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>

#include "explore/dpor.hpp"
#include "explore/partition.hpp"
#include "explore/path.hpp"

namespace lockstep::detail {

class DporUnits final : public Strategy {
 public:
  explicit DporUnits(Partition& partition) : partition_(partition) {}

  bool next_execution() override;
  ThreadId pick(const SchedulingPoint& point) override;
  int choose(int n) override;
  bool complete() const override { return exhausted_; }
  double tree_product(const Execution&) const override { return dpor_->branch_product(); }
  bool owns_execution() override;
  std::uint64_t unit() const override { return unit_; }

 private:
  static constexpr std::size_t kNever = std::numeric_limits<std::size_t>::max();
  // The unit is known (its prefix made, or the execution over): claimed or not.
  bool enter_unit();
  void find_split();
  // Moves the prefix to the next unit, with a fresh dpor for it; false when none is left.
  bool next_unit();

  Partition& partition_;
  Path prefix_;                         // the current unit's prefix (all choices, in the first execution)
  std::unique_ptr<DporStrategy> dpor_;  // the current unit's exploration
  std::size_t split_ = kNever;          // d, once the first execution has ended
  bool unit_known_ = false;             // enter_unit() ran for the current unit
  bool owned_ = false;
  bool first_ = true;                   // the first execution: it only finds d, and counts nowhere
  bool started_ = false;
  bool exhausted_ = false;
  std::uint64_t unit_ = 0;
};

}  // namespace lockstep::detail
