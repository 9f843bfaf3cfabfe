// Explores a model: one execution after another under a strategy, until a failure, the
// end of the state space, or a bound.
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>

#include "explore/dfs.hpp"
#include "explore/dpor.hpp"
#include "explore/pct.hpp"
#include "explore/publication.hpp"
#include "explore/in_flight.hpp"
#include "explore/random.hpp"
#include "explore/replay.hpp"
#include "fiber/fault_guard.hpp"
#include "lockstep/run.hpp"
#include "report/minimize.hpp"
#include "report/token.hpp"
#include "report/trace.hpp"
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
  if (name == "pct") {
    if (options.pct_depth < 1) throw InputError("--pct-depth must be at least 1");
    return std::make_unique<detail::PctStrategy>(options.seed, options.pct_depth);
  }
  if (name == "replay" && token) return std::make_unique<detail::ReplayStrategy>(token->choices);
  throw InputError("unknown strategy '" + name + "' (available: dpor, dfs, bounded, random, pct)");
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The supervised exploration in progress in this process (at most one: a supervised process
// explores one model), for its watchdog ticks and for a process about to die.
struct InFlight {
  const ModelInfo* model;
  const RunOptions* options;
  const std::optional<detail::Token>* token;
  const RunResult* result;
  const detail::Execution* execution;
};
std::atomic<const InFlight*> in_flight{nullptr};

void publish_on_tick() {
  if (const InFlight* f = in_flight.load()) detail::publish(*f->options->publication, *f->execution);
}

// Publishes while it lives, when a supervisor asked for it.
class Publishing {
 public:
  explicit Publishing(const InFlight& state) : active_(state.options->publication != nullptr) {
    if (active_) in_flight.store(&state);
  }
  Publishing(const Publishing&) = delete;
  Publishing& operator=(const Publishing&) = delete;
  ~Publishing() {
    if (active_) in_flight.store(nullptr);
  }

 private:
  bool active_;
};

void refuse_unknown_params(const ModelInfo& model, const Params& given, const Params& declared) {
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
  const bool seeded = options.strategy == "random" || options.strategy == "pct";
  const std::uint64_t max_executions = options.max_executions == 0 && seeded ? 1000 : options.max_executions;
  detail::StackPool& stacks = detail::StackPool::of_this_thread();
  const bool supervised = options.publication != nullptr;
  const double tick_s = supervised ? options.publish_period_s : 1.0;
  detail::FaultGuard fault_guard({.tick_s = tick_s, .on_tick = supervised ? publish_on_tick : nullptr});
  detail::Execution execution(
      model,
      {token ? token->params : options.params, token ? token->max_steps : options.max_steps,
       token ? token->spurious_wakeups : options.spurious_wakeups,
       static_cast<int>(std::ceil(detail::Execution::kWatchdogSeconds / tick_s)),
       token ? token->unfair_polls : options.unfair_polls},
      stacks);

  RunResult result;
  const InFlight state{&model, &options, &token, &result, &execution};
  Publishing publishing(state);
  result.model = model.name;
  result.strategy = options.strategy;
  result.expected = model.expected;
  if (seeded) result.seed = options.seed;
  if (options.strategy == "pct") result.pct_depth = options.pct_depth;
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
    if (supervised) {
      // The parameters, once they are known (and before the count moves past these choices).
      const std::uint64_t ran = result.executions + result.redundant + result.pruned;
      if (ran == 1) detail::publish(*options.publication, execution);
      options.publication->executions.store(ran, std::memory_order_relaxed);
      options.publication->total_steps.store(result.steps, std::memory_order_relaxed);
    }
    if (result.executions + result.pruned == 1 && !execution.abandoned()) {
      if (token) detail::check_token_params(*token, execution.declared_params());
      refuse_unknown_params(model, options.params, execution.declared_params());
    }
    if (token) failure = detail::replay_outcome(*token, static_cast<detail::ReplayStrategy&>(*strategy),
                                                std::move(failure), execution);
    // (Not the watchdog's step_limit, a thread that took no step for seconds: a failure.)
    if (failure && options.step_limit_cuts && !token && execution.steps().size() >= options.max_steps &&
        (failure->kind == FailureKind::step_limit || failure->kind == FailureKind::livelock)) {
      bounded = true;  // this execution was cut, not failed: what lies beyond is unexplored
      failure.reset();
    }
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
    if (supervised) options.publication->searching_shortest.store(1);  // the supervisor's time limit waits for it
    found = detail::shortest_schedule(execution, std::move(found), {.deadline = Clock::now() + detail::kShortestTraceBudget});
    result.failure = found.failure;
  }
  if (result.failure) {
    result.failure->token = token ? options.token
                                  : detail::encode_token({std::string(model.name), result.params, options.spurious_wakeups,
                                                          options.max_steps, result.failure->kind, found.choices,
                                                          options.unfair_polls});
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

namespace detail {

void publish_in_flight() { publish_on_tick(); }

std::optional<RunResult> result_in_flight(FailureKind kind, std::string message) {
  const InFlight* f = in_flight.load();
  if (f == nullptr) return std::nullopt;
  RunResult r = *f->result;
  r.params = f->execution->declared_params();
  ++r.executions;  // the one in progress ends here
  r.steps += f->execution->steps().size();
  r.verdict = Verdict::fail;
  r.failure = Failure{kind, std::move(message), {}, render_trace(*f->execution), {}, {}};
  const RunOptions& o = *f->options;
  const std::optional<Token>& token = *f->token;
  r.failure->token = token ? o.token
                           : encode_token({std::string(f->model->name), r.params, o.spurious_wakeups, o.max_steps, kind,
                                           f->execution->choices(), o.unfair_polls});
  r.as_expected = r.expected == kind;
  return r;
}

}  // namespace detail

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

void check_params(const ModelInfo& model, const Params& params) {
  if (params.empty()) return;
  Params declared;
  for (auto& p : model_params(model)) declared.emplace_back(std::move(p.name), p.default_value);
  refuse_unknown_params(model, params, declared);
}

}  // namespace lockstep
