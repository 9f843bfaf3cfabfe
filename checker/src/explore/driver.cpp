// Explores a model: one execution after another under a strategy, until a failure, the
// end of the state space, or a bound.
#include <chrono>
#include <memory>

#include "explore/dfs.hpp"
#include "explore/dpor.hpp"
#include "explore/random.hpp"
#include "explore/replay.hpp"
#include "fiber/fault_guard.hpp"
#include "lockstep/run.hpp"
#include "report/minimize.hpp"
#include "report/token.hpp"
#include "runtime/execution.hpp"

namespace lockstep {
namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<detail::Strategy> make_strategy(const RunOptions& options, const std::optional<detail::Token>& token) {
  const std::string& name = options.strategy;
  if (name == "dpor") return std::make_unique<detail::DporStrategy>();
  if (name == "dfs") return std::make_unique<detail::DfsStrategy>();
  if (name == "bounded") return std::make_unique<detail::DfsStrategy>(options.preemptions);
  if (name == "random") return std::make_unique<detail::RandomStrategy>(options.seed);
  if (name == "replay" && token) return std::make_unique<detail::ReplayStrategy>(token->choices);
  throw InputError("unknown strategy '" + name + "' (available: dpor, dfs, bounded, random)");
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void check_params(const ModelInfo& model, const Params& given, const Params& declared) {
  for (const auto& [name, value] : given) {
    bool known = false;
    for (const auto& d : declared) known |= d.first == name;
    if (!known) {
      std::string names;
      for (const auto& d : declared) names += (names.empty() ? "" : ", ") + d.first;
      throw InputError("model " + std::string(model.name) + " has no parameter '" + name + "'" +
                       (names.empty() ? " (it takes none)" : " (it takes: " + names + ")"));
    }
  }
}

}  // namespace

RunResult run(const ModelInfo& model, const RunOptions& options) {
  const auto start = Clock::now();
  std::optional<detail::Token> token;
  if (options.strategy == "replay") token = detail::token_for(model, options);
  auto strategy = make_strategy(options, token);
  const std::uint64_t max_executions =
      options.max_executions == 0 && options.strategy == "random" ? 1000 : options.max_executions;
  detail::StackPool& stacks = detail::StackPool::of_this_thread();
  detail::FaultGuard fault_guard;
  detail::Execution execution(model,
                              {token ? token->params : options.params, token ? token->max_steps : options.max_steps,
                               token ? token->spurious_wakeups : options.spurious_wakeups},
                              stacks);

  RunResult result;
  result.model = model.name;
  result.strategy = options.strategy;
  result.expected = model.expected;
  if (options.strategy == "random") result.seed = options.seed;
  bool bounded = false;
  double last_progress = 0;
  detail::FailingSchedule found;
  while (strategy->next_execution()) {
    if ((max_executions != 0 && result.executions >= max_executions) ||
        (options.time_limit_s > 0 && seconds_since(start) >= options.time_limit_s)) {
      bounded = true;
      break;
    }
    auto failure = execution.run(*strategy);
    ++(execution.abandoned() ? result.redundant : execution.pruned() ? result.pruned : result.executions);
    result.steps += execution.steps().size();
    if (result.executions + result.pruned == 1 && !execution.abandoned()) {
      if (token) detail::check_token_params(*token, execution.declared_params());
      check_params(model, options.params, execution.declared_params());
    }
    if (token) failure = detail::replay_outcome(*token, static_cast<detail::ReplayStrategy&>(*strategy),
                                                std::move(failure), execution);
    if (failure) {
      found = {std::move(*failure), execution.choices(), execution.preemptions()};
      result.failure = found.failure;
      break;
    }
    if (options.progress && (result.executions & 63) == 0 && seconds_since(start) - last_progress >= 0.1) {
      last_progress = seconds_since(start);
      options.progress({result.executions, last_progress, execution.steps().size()});
    }
  }
  result.params = execution.declared_params();
  if (result.failure && !token && options.shortest_trace && detail::worth_minimizing(result.failure->kind)) {
    found = detail::shortest_schedule(execution, std::move(found), {.deadline = Clock::now() + std::chrono::seconds(2)});
    result.failure = found.failure;
  }
  if (result.failure) {
    result.failure->token = token ? options.token
                                  : detail::encode_token({std::string(model.name), result.params, options.spurious_wakeups,
                                                          options.max_steps, result.failure->kind, found.choices});
  }
  if (result.failure) {
    result.verdict = Verdict::fail;
  } else {
    result.verdict = bounded || !strategy->complete() ? Verdict::incomplete : Verdict::pass;
  }
  result.as_expected = model.expected ? result.failure && result.failure->kind == *model.expected
                                      : !result.failure && result.verdict == Verdict::pass;
  result.elapsed_s = seconds_since(start);
  return result;
}

std::vector<ParamInfo> model_params(const ModelInfo& model) {
  RunOptions options;
  options.max_executions = 1;
  options.max_steps = 10000;
  options.shortest_trace = false;
  RunResult r = run(model, options);
  std::vector<ParamInfo> out;
  for (auto& [name, value] : r.params) out.push_back({name, value});
  return out;
}

}  // namespace lockstep
