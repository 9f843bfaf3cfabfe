// Exhaustive depth-first search over every schedule, timeout firing and choose() value:
// the naive oracle every smarter strategy is checked against.
#pragma once

#include "explore/path.hpp"
#include "explore/strategy.hpp"

namespace lockstep::detail {

class DfsStrategy : public Strategy {
 public:
  bool next_execution() override;
  ThreadId pick(const SchedulingPoint& point) override;
  int choose(int n) override { return path_.choose(n); }
  bool complete() const override { return exhausted_; }
  const Path& path() const { return path_; }

 private:
  Path path_;
  bool started_ = false;
  bool exhausted_ = false;
};

}  // namespace lockstep::detail
