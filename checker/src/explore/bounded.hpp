// Preemption-bounded depth-first search (Musuvathi & Qadeer, "Iterative context bounding
// for systematic testing of multithreaded programs", PLDI'07): every schedule with at most
// K preemptions. Complete only when the bound never cut a schedule off.
#pragma once

#include "explore/path.hpp"
#include "explore/strategy.hpp"

namespace lockstep::detail {

class BoundedStrategy : public Strategy {
 public:
  explicit BoundedStrategy(int preemptions) : bound_(preemptions) {}

  bool next_execution() override;
  ThreadId pick(const SchedulingPoint& point) override;
  int choose(int n) override { return path_.choose(n); }
  bool complete() const override { return exhausted_ && !cut_; }

 private:
  Path path_;
  int bound_;
  int preemptions_ = 0;  // in the current execution
  bool started_ = false;
  bool exhausted_ = false;
  bool cut_ = false;  // some schedule was left out because of the bound
};

}  // namespace lockstep::detail
