// Wraps any strategy and keeps the choices of the current execution (thread picks with
// their enabled sets, choose() values) and its preemption count: what a replay token holds.
#pragma once

#include <vector>

#include "explore/path.hpp"
#include "explore/strategy.hpp"

namespace lockstep::detail {

class Recorder : public Strategy {
 public:
  explicit Recorder(Strategy& inner) : inner_(inner) {}

  bool next_execution() override {
    choices_.clear();
    preemptions_ = 0;
    return inner_.next_execution();
  }
  ThreadId pick(const SchedulingPoint& point) override {
    const ThreadId t = inner_.pick(point);
    const bool could_continue = point.previous >= 0 && (point.enabled & bit(point.previous)) != 0;
    if (could_continue && t != point.previous) ++preemptions_;
    choices_.push_back({Choice::Kind::thread, t, t, point.enabled});
    return t;
  }
  int choose(int n) override {
    const int v = inner_.choose(n);
    choices_.push_back({Choice::Kind::value, static_cast<std::uint32_t>(v), 0, static_cast<std::uint64_t>(n)});
    return v;
  }
  bool complete() const override { return inner_.complete(); }

  const std::vector<Choice>& choices() const { return choices_; }
  // Switches away from a thread that could have gone on (CHESS's preemptions).
  int preemptions() const { return preemptions_; }

 private:
  Strategy& inner_;
  std::vector<Choice> choices_;
  int preemptions_ = 0;
};

}  // namespace lockstep::detail
