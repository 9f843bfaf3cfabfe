// Replay: following a token's choices, checking the token against the model, and telling
// a reproduced failure from a model that behaves differently on replay.
#include "explore/replay.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "lockstep/report.hpp"
#include "report/trace.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {
namespace {

std::string thread_set(const Execution& ex, std::uint64_t set) {
  std::string out;
  for (; set != 0; set &= set - 1) {
    const ThreadId t = lowest(set);
    out += out.empty() ? "" : ", ";
    out += t < ex.thread_count() ? ex.thread_name(t) : fmt::format("thread #{}", t);
  }
  return out.empty() ? "none" : out;
}

}  // namespace

bool ReplayStrategy::next_execution() {
  if (started_) return false;
  started_ = true;
  return true;
}

ThreadId ReplayStrategy::pick(const SchedulingPoint& point) {
  execution_ = &point.execution;
  const std::size_t step = point.execution.steps().size() + 1;
  if (cursor_ >= choices_.size()) {
    throw Divergence{fmt::format("step #{}: the model goes on after the {} recorded choices", step, choices_.size())};
  }
  const Choice& c = choices_[cursor_++];
  if (c.kind != Choice::Kind::thread) {
    throw Divergence{fmt::format("step #{}: the model schedules a thread where the recording called choose()", step)};
  }
  if (c.alternatives != point.enabled) {
    throw Divergence{fmt::format("step #{}: the runnable threads are {} but were {} when recorded", step,
                                 thread_set(point.execution, point.enabled),
                                 thread_set(point.execution, c.alternatives))};
  }
  return static_cast<ThreadId>(c.chosen);
}

int ReplayStrategy::choose(int n) {
  const std::size_t step = execution_ != nullptr ? execution_->steps().size() + 1 : 1;
  if (cursor_ >= choices_.size()) {
    throw Divergence{fmt::format("step #{}: the model calls choose() after the {} recorded choices", step,
                                 choices_.size())};
  }
  const Choice& c = choices_[cursor_++];
  if (c.kind != Choice::Kind::value || c.alternatives != static_cast<std::uint64_t>(n)) {
    throw Divergence{fmt::format("step #{}: the model calls choose({}) where the recording {}", step, n,
                                 c.kind == Choice::Kind::value ? fmt::format("called choose({})", c.alternatives)
                                                               : std::string("scheduled a thread"))};
  }
  return static_cast<int>(c.chosen);
}

}  // namespace lockstep::detail

namespace lockstep::detail {

Token token_for(const ModelInfo& model, const RunOptions& options) {
  TokenParse parsed = decode_token(options.token);
  if (!parsed.token) throw InputError(parsed.reason);
  Token& token = *parsed.token;
  if (token.model != model.name) {
    throw InputError(fmt::format("this replay token is for model {}, not {}", token.model, model.name));
  }
  for (const auto& [name, value] : options.params) {
    auto it = std::find_if(token.params.begin(), token.params.end(), [&](auto& p) { return p.first == name; });
    if (it == token.params.end()) {
      throw InputError(fmt::format("this replay token has no parameter '{}' (it records: {})", name,
                                   token.params.empty() ? "none" : format_params(token.params)));
    }
    if (it->second != value) {
      throw InputError(fmt::format("this replay token is for {}={}, not {}={}", name, it->second, name, value));
    }
  }
  return std::move(token);
}

void check_token_params(const Token& token, const Params& declared) {
  auto sorted = [](Params p) {
    std::sort(p.begin(), p.end());
    return p;
  };
  Params names_declared;
  Params names_recorded;
  for (const auto& p : declared) names_declared.emplace_back(p.first, 0);
  for (const auto& p : token.params) names_recorded.emplace_back(p.first, 0);
  if (sorted(names_declared) != sorted(names_recorded)) {
    throw InputError(fmt::format("this replay token records the parameters [{}] but {} takes [{}]",
                                 format_params(token.params), token.model, format_params(declared)));
  }
}

Failure replay_outcome(const Token& token, const ReplayStrategy& replay, std::optional<Failure> got,
                       const Execution& execution) {
  // A divergence already names its step; the recorded failure again is the expected outcome.
  if (got && (got->kind == FailureKind::nondeterministic_model || (got->kind == token.kind && replay.unused() == 0))) {
    return std::move(*got);
  }
  const std::size_t steps = execution.steps().size();
  std::string message;
  if (!got) {
    message = fmt::format("the replay ended without a failure after step #{}, but the recorded execution ended in a {}",
                          steps, display_name(token.kind));
  } else if (got->kind != token.kind) {
    message = fmt::format("the replay failed at step #{} with a {} ({}), but the recorded execution ended in a {}",
                          steps, display_name(got->kind), got->message, display_name(token.kind));
  } else {
    message = fmt::format("the replay ended at step #{} with {} of the {} recorded choices unused", steps,
                          replay.unused(), replay.recorded());
  }
  return Failure{FailureKind::nondeterministic_model, message + " (is the model fully deterministic?)", {},
                 render_trace(execution), got ? got->blocked : std::vector<BlockedThread>{}, {}};
}

}  // namespace lockstep::detail
