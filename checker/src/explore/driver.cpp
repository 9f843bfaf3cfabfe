// Explores a model: one execution after another under a strategy, until a failure, the
// end of the state space, or a bound.
#include <chrono>
#include <memory>

#include "explore/dfs.hpp"
#include "explore/dpor.hpp"
#include "lockstep/run.hpp"
#include "runtime/execution.hpp"

namespace lockstep {
namespace {

std::unique_ptr<detail::Strategy> make_strategy(const std::string& name) {
  if (name == "dpor") return std::make_unique<detail::DporStrategy>();
  if (name == "dfs") return std::make_unique<detail::DfsStrategy>();
  throw InputError("unknown strategy '" + name + "' (available: dpor, dfs)");
}

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
  const auto start = std::chrono::steady_clock::now();
  auto strategy = make_strategy(options.strategy);
  detail::StackPool stacks;
  detail::Execution execution(model, {options.params, options.max_steps, options.spurious_wakeups}, stacks);

  RunResult result;
  result.model = model.name;
  result.strategy = options.strategy;
  result.expected = model.expected;
  bool bounded = false;
  while (strategy->next_execution()) {
    if (options.max_executions != 0 && result.executions >= options.max_executions) {
      bounded = true;
      break;
    }
    auto failure = execution.run(*strategy);
    ++(execution.abandoned() ? result.redundant : result.executions);
    result.steps += execution.steps().size();
    if (result.executions == 1) check_params(model, options.params, execution.declared_params());
    if (failure) {
      result.failure = std::move(failure);
      break;
    }
  }
  result.params = execution.declared_params();
  if (result.failure) {
    result.verdict = Verdict::fail;
  } else {
    result.verdict = bounded || !strategy->complete() ? Verdict::incomplete : Verdict::pass;
  }
  result.as_expected = model.expected ? result.failure && result.failure->kind == *model.expected
                                      : !result.failure && result.verdict == Verdict::pass;
  result.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::vector<ParamInfo> model_params(const ModelInfo& model) {
  RunOptions options;
  options.max_executions = 1;
  options.max_steps = 10000;
  RunResult r = run(model, options);
  std::vector<ParamInfo> out;
  for (auto& [name, value] : r.params) out.push_back({name, value});
  return out;
}

}  // namespace lockstep
