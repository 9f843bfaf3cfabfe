// Exhaustive depth-first search over every schedule, timeout firing and choose() value:
// the naive oracle every smarter strategy is checked against. With a preemption bound K it
// is CHESS's preemption-bounded search (Musuvathi & Qadeer, "Iterative context bounding for
// systematic testing of multithreaded programs", PLDI'07): every schedule with at most K
// preemptions, complete only when the bound never cut a schedule off.
#pragma once

#include <limits>

#include "explore/path.hpp"
#include "explore/strategy.hpp"

namespace lockstep::detail {

class DfsStrategy : public Strategy {
 public:
  static constexpr int kUnbounded = std::numeric_limits<int>::max();
  explicit DfsStrategy(int preemption_bound = kUnbounded) : bound_(preemption_bound) {}

  bool next_execution() override;
  ThreadId pick(const SchedulingPoint& point) override;
  int choose(int n) override { return path_.choose(n); }
  bool complete() const override { return exhausted_ && !cut_; }
  const Path& path() const { return path_; }

 private:
  Path path_;
  int bound_;
  bool started_ = false;
  bool exhausted_ = false;
  bool cut_ = false;  // some schedule was left out because of the bound
};

}  // namespace lockstep::detail
