// Replays one recorded execution (a token's choices), choice by choice; the first choice
// the model no longer offers is a Divergence naming that step. After shuttle's replay
// scheduler and loom's rt/path.rs.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "explore/path.hpp"
#include "explore/strategy.hpp"
#include "lockstep/run.hpp"
#include "report/token.hpp"

namespace lockstep::detail {

class ReplayStrategy : public Strategy {
 public:
  explicit ReplayStrategy(std::vector<Choice> choices) : choices_(std::move(choices)) {}

  bool next_execution() override;
  ThreadId pick(const SchedulingPoint& point) override;
  int choose(int n) override;
  bool complete() const override { return started_; }
  // Choices the replayed execution did not get to.
  std::size_t unused() const { return choices_.size() - cursor_; }
  std::size_t recorded() const { return choices_.size(); }

 private:
  std::vector<Choice> choices_;
  std::size_t cursor_ = 0;
  bool started_ = false;
  const Execution* execution_ = nullptr;  // seen at the latest pick, to name steps
};

// The token of options.token, checked against `model` and any parameters given with it.
// Throws InputError with the one-line reason it is refused.
Token token_for(const ModelInfo& model, const RunOptions& options);
// Throws InputError when the model declares other parameters than the token records.
void check_token_params(const Token& token, const Params& declared);
// The outcome of a replayed execution: `got` when it is the recorded failure, otherwise a
// nondeterministic_model failure saying where the replay went another way.
Failure replay_outcome(const Token& token, const ReplayStrategy& replay, std::optional<Failure> got,
                       const Execution& execution);

}  // namespace lockstep::detail
