// Exhaustive depth-first search over every schedule, timeout firing and choose() value:
// the naive oracle every smarter strategy is checked against. With a preemption bound K it
// is CHESS's preemption-bounded search (Musuvathi & Qadeer, "Iterative context bounding for
// systematic testing of multithreaded programs", PLDI'07): every schedule with at most K
// preemptions, complete only when the bound never cut a schedule off.
#pragma once

#include <limits>

#include "explore/partition.hpp"
#include "explore/path.hpp"
#include "explore/strategy.hpp"

namespace lockstep::detail {

class DfsStrategy final : public Strategy {
 public:
  static constexpr int kUnbounded = std::numeric_limits<int>::max();
  explicit DfsStrategy(int preemption_bound = kUnbounded) : bound_(preemption_bound) {}

  // The execution reached a unit of the tree (explore/partition.hpp) that it does not claim.
  static constexpr ThreadId kAbandoned = Path::kDiverged + 1;

  // Explores only the units of `partition` it claims (it outlives this strategy).
  void set_partition(Partition* partition) { partition_ = partition; }
  bool next_execution() override;
  ThreadId pick(const SchedulingPoint& point) override {
    const ThreadId t = next_thread(point.enabled, point.previous);
    if (t == Path::kDiverged) throw divergence();
    if (t == kAbandoned) throw Abandon{};
    return t;
  }
  // pick() without the exception, inline: Execution calls it directly (not through Strategy)
  // at every scheduling point past the replayed prefix. Path::kDiverged when the model no
  // longer offers the recorded choice; kAbandoned when it reached a unit it does not claim.
  ThreadId next_thread(std::uint64_t enabled, int previous) {
    if (path_.position() >= check_at_) [[unlikely]] {
      if (!enter_unit()) return kAbandoned;
    }
    // Keep running the previous thread when it can (no preemption), so the first schedules
    // explored are the simplest ones; once the bound is used up, it is the only choice.
    const bool can_continue = previous >= 0 && (enabled & bit(previous)) != 0;
    const ThreadId preferred = can_continue ? static_cast<ThreadId>(previous) : lowest(enabled);
    if (bound_ == kUnbounded) [[likely]] return path_.pick(enabled, preferred);
    return pick_bounded(enabled, can_continue, preferred);
  }
  // While the prefix of the path is replayed, the recorded choice at this point (its
  // alternatives are the enabled set); null past the prefix, and always under a bound.
  const Choice* replaying() { return path_.replaying(); }
  Divergence divergence() const { return path_.divergence(); }
  int choose(int n) override { return path_.choose(n); }
  bool complete() const override { return exhausted_ && !cut_; }
  // Partitioned: whether the execution that just ran lies in a unit it claimed (the others
  // count nowhere).
  bool owns_execution() override;
  std::uint64_t unit() const override { return unit_; }
  const Path& path() const { return path_; }

 private:
  // Every pick goes through it under a bound (nothing is replayed unchecked), so it counts
  // this execution's preemptions itself: the execution's count is worked out only on demand.
  ThreadId pick_bounded(std::uint64_t enabled, bool can_continue, ThreadId preferred);
  // The execution has made the split depth's choices, or ended before: its unit is known.
  bool enter_unit();
  // After the first execution: the split depth, from its branching factors.
  void find_split();

  static constexpr std::size_t kNever = std::numeric_limits<std::size_t>::max();
  Partition* partition_ = nullptr;
  std::size_t split_ = kNever;     // d: choices in a unit's prefix, once known
  std::size_t check_at_ = kNever;  // a new unit starts: enter_unit() once this many choices are made
  std::uint64_t unit_ = 0;
  bool owned_ = true;

  Path path_;
  int bound_;
  bool started_ = false;
  bool exhausted_ = false;
  bool cut_ = false;  // some schedule was left out because of the bound
  int preemptions_ = 0;  // in the current execution, under a bound
};

}  // namespace lockstep::detail
