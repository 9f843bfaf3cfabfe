// The differential check of one program (see runner.hpp).
#include "differential/runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "differential/interpreter.hpp"
#include "explore/dfs.hpp"
#include "explore/dpor.hpp"
#include "explore/dpor_units.hpp"
#include "explore/partition.hpp"
#include "explore/parallel_dpor.hpp"
#include "explore/pct.hpp"
#include "explore/random.hpp"
#include "explore/replay.hpp"
#include "fiber/fault_guard.hpp"
#include "fiber/stack_pool.hpp"
#include "report/token.hpp"
#include "runtime/execution.hpp"

namespace lockstep::difftest {
namespace {

// The first execution that reached an outcome.
struct Witness {
  std::vector<detail::Choice> choices;
  std::optional<FailureKind> kind;  // none: it passed (or was pruned)
};

struct Exploration {
  std::map<std::string, Witness> outcomes;
  std::uint64_t executions = 0;
  std::uint64_t redundant = 0;  // abandoned (sleep-set blocked), counted apart
  std::uint64_t replays = 0;
  bool complete = false;
  std::optional<std::string> replay_error;  // the first token that did not replay
};

std::string outcome(const std::optional<Failure>& failure) {
  if (!failure) return "pass " + final_state();
  if (failure->kind == FailureKind::assertion) {
    // Invariants registered with at_end() run in the order they were registered, which
    // steps of different threads that commute can change; equivalent executions then stop
    // at different failing invariants. Which one is not an outcome: that one fails is.
    if (failure->message.starts_with("at_end ")) return "assertion: at_end";
    return fmt::format("assertion: {}", failure->message);
  }
  return std::string(to_string(failure->kind));
}

// The outcome of the run that just ended in `failure`.
std::string outcome_of(const detail::Execution& execution, const std::optional<Failure>& failure) {
  return execution.pruned() ? "pruned by assume" : outcome(failure);
}

detail::ExecutionConfig config_of(const RunnerOptions& options) {
  return {.params = {}, .max_steps = options.max_steps, .spurious_wakeups = options.spurious_wakeups};
}

// The token of an execution that ended in `kind`; a passing one's token records a kind that
// replayed() does not read (it runs until the choices end, and the outcome says how).
std::string token_of(const Witness& w, const RunnerOptions& options) {
  return detail::encode_token({std::string(program_model().name), {}, options.spurious_wakeups, options.max_steps,
                               w.kind.value_or(FailureKind::assertion), w.choices});
}

// What `lockstep replay` makes of a token: the outcome of its execution replayed on `again`.
std::string replayed(const std::string& text, detail::Execution& again) {
  detail::TokenParse parsed = detail::decode_token(text);
  if (!parsed.token) return "its token is refused: " + parsed.reason;
  detail::ReplayStrategy strategy(parsed.token->choices);
  strategy.next_execution();
  clear_final_state();
  std::optional<Failure> got = again.run(strategy);
  if (got) {
    got = detail::replay_outcome(*parsed.token, strategy, std::move(got), again);
    if (got->kind == FailureKind::nondeterministic_model) return fmt::format("nondeterministic_model: {}", got->message);
  } else if (strategy.unused() != 0) {
    return fmt::format("nondeterministic_model: the replay passed with {} of the {} recorded choices unused",
                       strategy.unused(), strategy.recorded());
  }
  return outcome_of(again, got);
}

// Replays a witness from its token; the reason when it does not end in `want`, its outcome.
std::optional<std::string> replay(const Witness& w, const std::string& want, detail::Execution& again,
                                  const RunnerOptions& options) {
  const std::string got = replayed(token_of(w, options), again);
  if (got == want) return std::nullopt;
  return fmt::format("a run that ended in {} replays as {}", want, got);
}

Exploration explore(detail::Strategy& strategy, std::uint64_t budget, const RunnerOptions& options) {
  detail::StackPool& stacks = detail::StackPool::of_this_thread();
  detail::Execution execution(program_model(), config_of(options), stacks);
  detail::Execution again(program_model(), config_of(options), stacks);
  Exploration out;
  while (strategy.next_execution()) {
    if (out.executions >= budget) return out;
    clear_final_state();
    std::optional<Failure> failure = execution.run(strategy);
    // A shard's run of another shard's unit (or of no unit) counts nowhere, as in a run.
    if (!strategy.owns_execution()) continue;
    if (execution.abandoned()) {
      ++out.redundant;
      continue;
    }
    ++out.executions;
    const std::string o = outcome_of(execution, failure);
    auto [it, first] = out.outcomes.try_emplace(o);
    if (first) it->second = Witness{execution.choices(), failure ? std::optional(failure->kind) : std::nullopt};
    if (failure && !out.replay_error) {
      ++out.replays;
      out.replay_error = replay(Witness{execution.choices(), failure->kind}, o, again, options);
    }
  }
  out.complete = strategy.complete();
  return out;
}

// What two strategies must agree on: every outcome, or only that there is a data race.
std::set<std::string> verdicts(const std::map<std::string, Witness>& outcomes) {
  if (outcomes.contains("data_race")) return {"data_race"};
  std::set<std::string> out;
  for (const auto& [o, w] : outcomes) out.insert(o);
  return out;
}

std::string describe(std::string_view name, const Exploration& e) {
  std::string s = fmt::format("{}: {} executions{}", name, e.executions, e.complete ? "" : " (incomplete)");
  for (const auto& [o, w] : e.outcomes) s += "\n    " + o;
  return s;
}

std::optional<Divergence> compare(std::string_view name, const Exploration& got, const Exploration& oracle,
                                  bool same_executions) {
  if (!got.complete) return Divergence{fmt::format("{} incomplete", name), describe(name, got)};
  if (verdicts(got.outcomes) != verdicts(oracle.outcomes)) {
    return Divergence{fmt::format("{} outcomes", name), describe(name, got) + "\n  " + describe("dfs", oracle)};
  }
  if (same_executions ? got.executions != oracle.executions : got.executions > oracle.executions) {
    return Divergence{fmt::format("{} executions", name), describe(name, got) + "\n  " + describe("dfs", oracle)};
  }
  if (got.replay_error) return Divergence{fmt::format("{} replay", name), *got.replay_error};
  return std::nullopt;
}

// dpor --jobs against one dpor thread, each stopping at its first failure as a run does.
std::optional<Divergence> compare_jobs(const Exploration& oracle, const RunnerOptions& options) {
  const detail::ExecutionConfig config = config_of(options);
  detail::Execution execution(program_model(), config, detail::StackPool::of_this_thread());
  detail::DporStrategy dpor;
  std::uint64_t executions = 0, redundant = 0, pruned = 0;
  std::optional<std::vector<detail::Choice>> failing;
  while (dpor.next_execution()) {
    const std::optional<Failure> failure = execution.run(dpor);
    ++(execution.abandoned() ? redundant : execution.pruned() ? pruned : executions);
    if (failure) {
      failing = execution.choices();
      break;
    }
  }
  const detail::ParallelRun p = detail::explore_dpor_in_parallel(
      execution, program_model(), config,
      {.jobs = options.dpor_jobs, .max_steps = options.max_steps});
  const bool dfs_fails = std::any_of(oracle.outcomes.begin(), oracle.outcomes.end(), [](const auto& o) {
    return o.second.kind.has_value();
  });
  const std::string both = fmt::format(
      "dpor: {} executions, {} redundant, {} pruned, {}\n  dpor --jobs {}: {} executions, {} redundant, {} pruned, {}",
      executions, redundant, pruned, failing ? "failed" : "passed", options.dpor_jobs, p.executions, p.redundant,
      p.pruned, p.found ? "failed" : "passed");
  if (p.found.has_value() != dfs_fails) return Divergence{"dpor --jobs outcomes", both};
  auto same = [](const std::vector<detail::Choice>& a, const std::vector<detail::Choice>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const detail::Choice& x, const detail::Choice& y) {
      return x.kind == y.kind && x.chosen == y.chosen && x.alternatives == y.alternatives;
    });
  };
  if (p.executions != executions || p.redundant != redundant || p.pruned != pruned ||
      p.found.has_value() != failing.has_value() || (failing && !same(p.found->choices, *failing))) {
    return Divergence{"dpor --jobs executions", both};
  }
  return std::nullopt;
}

// The shards of dpor --shard K/N, each explored whole (past failures, as dfs is), against dfs:
// their outcomes together are dfs's, in no more executions; and against one dpor run: no
// fewer executions (not redundant ones), since each is a trace of its own and dpor explores
// every trace once (explore/dpor_units.hpp).
std::optional<Divergence> compare_shards(const Exploration& oracle, const Exploration& reduced, Verdict& v,
                                         const RunnerOptions& options) {
  Exploration all;
  all.complete = true;
  std::string each;
  for (int k = 0; k < options.dpor_shards; ++k) {
    detail::Partition partition;
    partition.shard = static_cast<std::uint64_t>(k);
    partition.shards = static_cast<std::uint64_t>(options.dpor_shards);
    partition.units_per_shard = options.dpor_shard_units;
    detail::DporUnits units(partition);
    Exploration one = explore(units, options.dfs_budget, options);
    each += fmt::format(" {}", one.executions);
    all.executions += one.executions;
    all.redundant += one.redundant;
    all.replays += one.replays;
    all.complete = all.complete && one.complete;
    if (!all.replay_error) all.replay_error = std::move(one.replay_error);
    all.outcomes.merge(one.outcomes);
  }
  v.shard_executions = all.executions;
  v.shard_redundant = all.redundant;
  v.replays += all.replays;
  std::optional<Divergence> d = compare("dpor shards", all, oracle, false);
  if (!d && all.executions < reduced.executions) {
    d = Divergence{"dpor shards executions",
                   fmt::format("dpor shards: {} executions, one dpor run {}: a trace missed", all.executions,
                               reduced.executions)};
  }
  if (d) d->detail += fmt::format("\n  executions of each of the {} shards:{}", options.dpor_shards, each);
  return d;
}

// The sampler: random walks, then PCT runs, half of options.sample_executions each.
constexpr int kPctDepth = 3;  // two priority changes: the depth of most bugs a few steps long

Exploration sample(const RunnerOptions& options) {
  detail::RandomStrategy random(options.sample_seed);
  Exploration out = explore(random, options.sample_executions - options.sample_executions / 2, options);
  detail::PctStrategy pct(options.sample_seed + 1, kPctDepth);
  Exploration more = explore(pct, options.sample_executions / 2, options);
  out.executions += more.executions;
  out.replays += more.replays;
  if (!out.replay_error) out.replay_error = std::move(more.replay_error);
  out.outcomes.merge(more.outcomes);  // an outcome both reached keeps the random walk's witness
  return out;
}

// The first outcome the samples reach that the reference does not (when the reference finds
// a data race, it need not reach anything else: see verdicts()).
std::optional<std::string> missed(const Exploration& samples, const Exploration& reference) {
  if (verdicts(reference.outcomes) == std::set<std::string>{"data_race"}) return std::nullopt;
  for (const auto& [o, w] : samples.outcomes) {
    if (!reference.outcomes.contains(o)) return o;
  }
  return std::nullopt;
}

Verdict sampled_check(detail::Strategy& reference, const RunnerOptions& options) {
  Verdict v;
  const Exploration reduced = explore(reference, options.dpor_budget, options);
  v.dpor_executions = reduced.executions;
  v.replays = reduced.replays;
  if (!reduced.complete) {
    v.skipped = true;
    return v;
  }
  v.sampled = true;
  if (reduced.replay_error) {
    v.divergence = Divergence{"dpor replay", *reduced.replay_error};
    return v;
  }
  const Exploration samples = sample(options);
  v.sampled_executions = samples.executions;
  v.replays += samples.replays;
  if (samples.replay_error) {
    v.divergence = Divergence{"sampled replay", *samples.replay_error};
    return v;
  }
  if (const std::optional<std::string> o = missed(samples, reduced)) {
    // A passing witness was not replayed while sampling: it is now, as it is printed.
    const std::string token = token_of(samples.outcomes.at(*o), options);
    detail::Execution again(program_model(), config_of(options), detail::StackPool::of_this_thread());
    const std::string got = replayed(token, again);
    const std::string both = describe("sampled", samples) + "\n  " + describe("dpor", reduced);
    if (got != *o) {
      v.divergence = Divergence{"sampled replay", fmt::format("a run that ended in {} replays as {}\n  {}", *o, got, both)};
    } else {
      v.divergence = Divergence{"sampled outcomes",
                                fmt::format("dpor never reaches {}\n  a sampled run that does (replayed to it): {}\n  {}",
                                            *o, token, both)};
      v.missed = *o;
      v.token = token;
    }
    return v;
  }
  if (options.dpor_jobs > 1) v.divergence = compare_jobs(reduced, options);
  return v;
}

}  // namespace

Verdict check_program(const Program& program, const RunnerOptions& options) {
  set_program(program);
  detail::FaultGuard guard;
  Verdict v;
  detail::DfsStrategy dfs;
  const Exploration oracle = explore(dfs, options.dfs_budget, options);
  if (!oracle.complete) {
    if (options.sample_executions == 0) {
      v.skipped = true;
      return v;
    }
    detail::DporStrategy dpor;
    return sampled_check(dpor, options);
  }
  v.dfs_executions = oracle.executions;
  v.replays = oracle.replays;
  if (oracle.replay_error) {
    v.divergence = Divergence{"dfs replay", *oracle.replay_error};
    return v;
  }
  detail::DfsStrategy bounded(options.unreachable_bound);
  const Exploration all = explore(bounded, options.dfs_budget, options);
  v.replays += all.replays;
  if ((v.divergence = compare("bounded", all, oracle, true))) return v;
  detail::DporStrategy dpor;
  const Exploration reduced = explore(dpor, options.dfs_budget, options);
  v.dpor_executions = reduced.executions;
  v.replays += reduced.replays;
  v.dpor_redundant = reduced.redundant;
  v.divergence = compare("dpor", reduced, oracle, false);
  if (!v.divergence && options.dpor_jobs > 1) v.divergence = compare_jobs(oracle, options);
  if (!v.divergence && options.dpor_shards > 1) v.divergence = compare_shards(oracle, reduced, v, options);
  return v;
}

Verdict check_by_sampling(const Program& program, detail::Strategy& reference, const RunnerOptions& options) {
  set_program(program);
  detail::FaultGuard guard;
  return sampled_check(reference, options);
}

std::string replay_token(const std::string& token, const RunnerOptions& options) {
  detail::FaultGuard guard;
  detail::Execution again(program_model(), config_of(options), detail::StackPool::of_this_thread());
  return replayed(token, again);
}

bool same_bug(const Divergence& a, const Divergence& b) {
  const auto missed_outcome = [](const Divergence& d) { return d.kind == "dpor outcomes" || d.kind == "sampled outcomes"; };
  return a.kind == b.kind || (missed_outcome(a) && missed_outcome(b));
}

}  // namespace lockstep::difftest
