// --shard K/N for dpor: dfs with sleep sets above the split, optimal DPOR below. The tree is
// cut into units as for dfs (explore/partition.hpp): a prefix of d choices, enumerated in
// depth-first order (this strategy's own Path), or an execution that ended with fewer. A unit
// this shard claims is explored by a fresh DporStrategy whose first d choices are frozen to
// the prefix: races whose reversal point lies in the prefix are dropped (the alternatives
// there are other units' prefixes) and it never backtracks into the prefix. That is DPOR of
// the program that starts in the state the prefix reached, which explores every Mazurkiewicz
// trace of it.
//
// The prefixes are enumerated with classic sleep sets (Godefroid): at a prefix node the
// threads whose branches were enumerated before are asleep in the later ones, with their
// pending step there, and stay asleep while the steps taken are independent of theirs (the
// relation and rules of DporStrategy::take() and started_a_thread(), and more: see
// walk_prefix()). A prefix that takes a sleeping thread, or whose split point has every
// enabled thread asleep, is not a unit: every trace below it has a sleeper first, and so was
// explored under the earlier branch. It gets no number, alike on every shard, since every
// shard walks every prefix. So the units together still cover every trace (the split is
// sound), and traces that differ only in the order of independent prefix steps are explored
// once. It is not exact: a unit's dpor starts with nothing asleep, so a trace in which a
// thread still asleep at the split could go first is explored again there. Seeding those
// sleepers into the unit's dpor is unsound (docs/architecture.md, "Sharing one tree", says why).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

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
  // The prefix's sleep sets (above): the pick at prefix node `at`, and at the scheduling
  // point after the last prefix node whether this shard explores the unit.
  ThreadId walk_prefix(const SchedulingPoint& point, std::size_t at);
  bool enter_split(const SchedulingPoint& point);
  // The step of the last thread node started a thread: the sleepers that may start one wake.
  void note_started(const Execution& execution);
  [[noreturn]] void prune(std::size_t keep);  // this prefix is not a unit: its first `keep` choices stay

  Partition& partition_;
  Path prefix_;                         // the current unit's prefix (all choices, in the first execution)
  std::unique_ptr<DporStrategy> dpor_;  // the current unit's exploration
  std::size_t split_ = kNever;          // d, once the first execution has ended
  bool unit_known_ = false;             // enter_unit() ran for the current unit
  bool owned_ = false;
  bool first_ = true;                   // the first execution: it only finds d, and counts nowhere
  bool started_ = false;
  bool exhausted_ = false;
  bool pruned_ = false;  // the current prefix is not a unit (prune())
  std::uint64_t unit_ = 0;
  // Per prefix node: the threads taken there so far whose step started a thread, and those
  // whose step ended the execution.
  std::vector<std::uint64_t> spawned_;
  std::vector<std::uint64_t> ended_;
  // Along the current execution's prefix: the sleepers handed to the next node, which of them
  // started a thread, the last thread node and its thread, and the threads there were then.
  std::uint64_t sleep_ = 0;
  std::uint64_t sleep_creates_ = 0;
  std::size_t last_node_ = kNever;
  ThreadId last_thread_ = 0;
  int threads_ = 0;
  bool past_split_ = false;  // the execution reached the scheduling point after the prefix
};

}  // namespace lockstep::detail
