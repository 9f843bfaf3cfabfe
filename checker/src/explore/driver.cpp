// Explores a model: one execution after another under a strategy, until a failure, the
// end of the state space, or a bound.
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>

#include "explore/dfs.hpp"
#include "explore/dpor.hpp"
#include "explore/dpor_units.hpp"
#include "explore/estimate.hpp"
#include "explore/parallel.hpp"
#include "explore/parallel_dpor.hpp"
#include "explore/partition.hpp"
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

std::unique_ptr<detail::Strategy> make_strategy(const RunOptions& options, const std::optional<detail::Token>& token,
                                                detail::Partition* partition) {
  const std::string& name = options.strategy;
  const detail::SeedShard seed_shard{options.shard, options.shards};
  if (name == "dpor" && partition != nullptr) {
    partition->units_per_shard = 1;  // see Partition::units_per_shard
    return std::make_unique<detail::DporUnits>(*partition);
  }
  if (name == "dpor") return std::make_unique<detail::DporStrategy>();
  if (name == "dfs" || name == "bounded") {
    auto dfs = std::make_unique<detail::DfsStrategy>(name == "dfs" ? detail::DfsStrategy::kUnbounded : options.preemptions);
    if (partition != nullptr) dfs->set_partition(partition);
    return dfs;
  }
  if (name == "random") return std::make_unique<detail::RandomStrategy>(options.seed, seed_shard);
  if (name == "pct") {
    if (options.pct_depth < 1) throw InputError("--pct-depth must be at least 1");
    return std::make_unique<detail::PctStrategy>(options.seed, options.pct_depth, seed_shard);
  }
  if (name == "replay" && token) return std::make_unique<detail::ReplayStrategy>(token->choices);
  throw InputError("unknown strategy '" + name + "' (available: dpor, dfs, bounded, random, pct)");
}

// --jobs and --shard: what each strategy supports (docs/architecture.md, "Sharing one tree").
void check_split(const RunOptions& options) {
  if (options.jobs < 1) throw InputError("--jobs must be at least 1");
  if (options.shards < 1 || options.shard >= options.shards) {
    throw InputError("--shard K/N needs 1 <= K <= N");
  }
  const std::string& name = options.strategy;
  const bool tree = name == "dfs" || name == "bounded";
  if (options.shards > 1 && !tree && name != "dpor" && name != "random" && name != "pct") {
    throw InputError("--shard splits the tree of dpor, dfs or bounded or the executions of random or pct, not " + name +
                     "'s (docs/architecture.md, \"Sharing one tree\")");
  }
  if (options.jobs > 1 && !tree && name != "dpor") {
    throw InputError("--jobs splits the tree of dpor, dfs or bounded, not " + name +
                     "'s: add --strategy dfs (docs/architecture.md, \"Sharing one tree\")");
  }
  if (options.jobs > 1 && name == "dpor" && options.shards > 1) {
    throw InputError("--jobs and --shard together split the tree of dfs or bounded, not dpor's: give dpor one of them"
                     " (docs/architecture.md, \"Sharing one tree\")");
  }
}

}  // namespace

std::string exploration_flags(const RunOptions& o) {
  const bool seeded = o.strategy == "random" || o.strategy == "pct";
  const std::uint64_t max_executions = o.max_executions == 0 && seeded ? 1000 : o.max_executions;
  std::string out = "--strategy " + o.strategy + " --max-steps " + std::to_string(o.max_steps);
  if (o.strategy == "bounded") out += " --preemptions " + std::to_string(o.preemptions);
  if (o.strategy == "random" || o.strategy == "pct") out += " --seed " + std::to_string(o.seed);
  if (o.strategy == "pct") out += " --pct-depth " + std::to_string(o.pct_depth);
  if (max_executions != 0) out += " --max-executions " + std::to_string(max_executions);
  if (o.time_limit_s > 0) out += fmt::format(" --time-limit {}", o.time_limit_s);
  if (o.spurious_wakeups) out += " --spurious-wakeups";
  if (o.unfair_polls > 0) out += " --unfair-polls " + std::to_string(o.unfair_polls);
  if (o.step_limit_cuts) out += " --step-limit-cuts";
  return out;
}

namespace {

// A seeded run's executions are numbered 0..M-1; shard K of N runs those equal to K mod N.
std::uint64_t share_of(std::uint64_t executions, std::uint64_t shard, std::uint64_t shards) {
  return executions > shard ? (executions - shard + shards - 1) / shards : 0;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }
// (--time-limit takes at most 1e9 s, which steady_clock's nanoseconds hold.)
Clock::time_point deadline_after(Clock::time_point start, double seconds) {
  return start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

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

// --jobs under a supervisor: the publication whose heartbeat the watchdog's ticks move.
std::atomic<detail::Publication*> heartbeat_of{nullptr};

void heartbeat_on_tick() {
  if (detail::Publication* p = heartbeat_of.load()) p->publishes.fetch_add(1, std::memory_order_relaxed);
}

class Heartbeat {
 public:
  explicit Heartbeat(detail::Publication* publication) : active_(publication != nullptr) {
    if (active_) heartbeat_of.store(publication);
  }
  Heartbeat(const Heartbeat&) = delete;
  Heartbeat& operator=(const Heartbeat&) = delete;
  ~Heartbeat() {
    if (active_) heartbeat_of.store(nullptr);
  }

 private:
  bool active_;
};

// Publishes while it lives, when a supervisor asked for it.
class Publishing {
 public:
  // Null: nothing to publish (--jobs: no one execution is in progress).
  explicit Publishing(const InFlight* state) : active_(state != nullptr && state->options->publication != nullptr) {
    if (active_) in_flight.store(state);
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
  check_split(options);
  detail::Partition partition{.shard = options.shard, .shards = options.shards};
  auto strategy = make_strategy(options, token, options.shards > 1 ? &partition : nullptr);
  const bool seeded = options.strategy == "random" || options.strategy == "pct";
  const std::uint64_t run_executions = options.max_executions == 0 && seeded ? 1000 : options.max_executions;
  const std::uint64_t max_executions =
      seeded && options.shards > 1 ? share_of(run_executions, options.shard, options.shards) : run_executions;
  detail::StackPool& stacks = detail::StackPool::of_this_thread();
  const bool supervised = options.publication != nullptr;
  const double tick_s = supervised ? options.publish_period_s : 1.0;
  const bool parallel = options.jobs > 1;
  // Workers publish no execution in progress (a token needs one thread's choices); the tick
  // is then only a heartbeat for the supervisor.
  detail::FaultGuard fault_guard(
      {.tick_s = tick_s, .on_tick = !supervised ? nullptr : parallel ? heartbeat_on_tick : publish_on_tick});
  Heartbeat heartbeat(parallel ? options.publication : nullptr);
  const detail::ExecutionConfig config{token ? token->params : options.params,
                                      token ? token->max_steps : options.max_steps,
                                      token ? token->spurious_wakeups : options.spurious_wakeups,
                                      static_cast<int>(std::ceil(detail::Execution::kWatchdogSeconds / tick_s)),
                                       token ? token->unfair_polls : options.unfair_polls,
                                       options.time_limit_s > 0 ? deadline_after(start, options.time_limit_s)
                                                                : Clock::time_point::max()};
  detail::Execution execution(model, config, stacks);

  RunResult result;
  const InFlight state{&model, &options, &token, &result, &execution};
  Publishing publishing(parallel ? nullptr : &state);
  result.model = model.name;
  result.strategy = options.strategy;
  result.expected = model.expected;
  if (seeded) result.seed = options.seed;
  if (options.strategy == "pct") result.pct_depth = options.pct_depth;
  result.shard = options.shard;
  result.shards = options.shards;
  result.flags = exploration_flags(options);
  result.version = version();
  bool bounded = false;
  double last_progress = 0;
  detail::FailingSchedule found;
  detail::TreeEstimator estimator;
  // dfs and bounded: the tree is estimated from random walks (explore/estimate.hpp).
  const bool probing = options.strategy == "dfs" || options.strategy == "bounded";
  detail::TreeProbe probe;
  std::optional<TreeEstimate> own_estimate;  // --jobs' dpor run's
  // The strategy's own estimate where it makes one (dpor), else the samples'.
  auto estimate = [&]() -> std::optional<TreeEstimate> {
    if (parallel) return own_estimate ? own_estimate : estimator.estimate();
    if (auto e = strategy->own_estimate(result.executions)) return e;
    return estimator.estimate();
  };
  bool complete = false;
  if (parallel) {
    check_params(model, options.params);  // before the workers start, not after they explored
    const detail::ParallelOptions parallel_options{
        .jobs = options.jobs,
         .preemption_bound = options.strategy == "dfs" ? detail::DfsStrategy::kUnbounded : options.preemptions,
         .shard = options.shard,
         .shards = options.shards,
         .max_executions = max_executions,
         .time_limit_s = options.time_limit_s,
         .step_limit_cuts = options.step_limit_cuts,
         .max_steps = options.max_steps,
         .start = start,
         .progress = &options.progress,
         .publication = options.publication};
    detail::ParallelRun p = options.strategy == "dpor" ? detail::explore_dpor_in_parallel(execution, model, config, parallel_options)
                                                       : detail::explore_in_parallel(model, config, parallel_options);
    result.executions = p.executions;
    result.redundant = p.redundant;
    result.pruned = p.pruned;
    result.steps = p.steps;
    bounded = p.bounded;
    result.out_of_time = p.out_of_time;
    complete = p.complete;
    estimator = p.estimator;
    own_estimate = p.own_estimate;
    result.params = p.declared;
    if (p.found) {
      result.failure_order = p.found_unit;
      found = std::move(*p.found);
      result.failure = found.failure;
    }
  }
  while (!parallel && strategy->next_execution()) {
    result.out_of_time = options.time_limit_s > 0 && seconds_since(start) >= options.time_limit_s;
    if ((max_executions != 0 && result.executions >= max_executions) || result.out_of_time) {
      bounded = true;
      break;
    }
    auto failure = execution.run(*strategy);
    if (execution.out_of_time()) {  // cut inside: as if the limit came before it
      result.out_of_time = bounded = true;
      break;
    }
    if (!strategy->owns_execution()) continue;  // another shard's
    ++(execution.abandoned() ? result.redundant : execution.pruned() ? result.pruned : result.executions);
    result.steps += execution.steps().size();
    if (!execution.abandoned()) estimator.add(strategy->tree_product(execution));
    if (supervised) {
      // The parameters, once they are known (and before the count moves past these choices).
      const std::uint64_t ran = result.executions + result.redundant + result.pruned;
      if (ran == 1) detail::publish(*options.publication, execution);
      options.publication->executions.store(ran, std::memory_order_relaxed);
      options.publication->total_steps.store(result.steps, std::memory_order_relaxed);
      if ((result.executions & 63) == 0) {
        if (auto e = estimate()) options.publication->estimate.store(e->executions, std::memory_order_relaxed);
      }
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
      result.failure_order = seeded ? options.shard + options.shards * (result.executions - 1) : strategy->unit();
      found = {std::move(*failure), execution.choices(), execution.preemptions()};
      result.failure = found.failure;
      break;
    }
    if (options.progress && (result.executions & 63) == 0 && seconds_since(start) - last_progress >= 0.1) {
      last_progress = seconds_since(start);
      const auto e = estimate();
      options.progress({result.executions, last_progress, execution.steps().size(), e ? e->executions : 0});
    }
    if (probing && detail::TreeProbe::due(result.executions)) probe.run(execution, estimator);
  }
  if (!parallel) {
    result.params = execution.declared_params();
    complete = strategy->complete();
  }
  if (result.failure && !token && options.shortest_trace && detail::worth_minimizing(result.failure->kind)) {
    if (supervised) options.publication->searching_shortest.store(1);  // the supervisor's time limit waits for it
    execution.set_deadline(Clock::time_point::max());  // and so does this process's: the search has its own budget
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
    result.verdict = bounded || !complete ? Verdict::incomplete : Verdict::pass;
    if (result.verdict == Verdict::incomplete) {
      const auto top_up_start = Clock::now();
      // (None after an execution cut at the time limit: a walk as long would be cut too.)
      while (probing && !execution.out_of_time() && estimator.samples() < detail::TreeProbe::kTopUp &&
             seconds_since(top_up_start) < detail::TreeProbe::kTopUpSeconds) {
        probe.run(execution, estimator);
      }
      result.estimate = estimate();
    }
  }
  // A shard whose part holds no failure cannot tell whether another part holds the expected
  // one: lockstep merge does.
  result.as_expected = model.expected ? (result.failure && result.failure->kind == *model.expected) ||
                                            (options.shards > 1 && result.verdict == Verdict::pass)
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
