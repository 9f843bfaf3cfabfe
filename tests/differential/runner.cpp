// The differential check of one program (see runner.hpp).
#include "differential/runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "differential/interpreter.hpp"
#include "explore/dfs.hpp"
#include "explore/dpor.hpp"
#include "explore/parallel_dpor.hpp"
#include "explore/replay.hpp"
#include "fiber/fault_guard.hpp"
#include "fiber/stack_pool.hpp"
#include "report/token.hpp"
#include "runtime/execution.hpp"

namespace lockstep::difftest {
namespace {

struct Exploration {
  std::set<std::string> outcomes;
  std::uint64_t executions = 0;
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

// Replays the latest run of `done` from its token; the reason when it does not end in `kind`.
std::optional<std::string> replay(const detail::Execution& done, FailureKind kind, detail::Execution& again,
                                  const RunnerOptions& options) {
  const std::string text = detail::encode_token(
      {std::string(program_model().name), {}, options.spurious_wakeups, options.max_steps, kind, done.choices()});
  detail::TokenParse parsed = detail::decode_token(text);
  if (!parsed.token) return "its token is refused: " + parsed.reason;
  detail::ReplayStrategy strategy(parsed.token->choices);
  strategy.next_execution();
  std::optional<Failure> got = again.run(strategy);
  const Failure result = detail::replay_outcome(*parsed.token, strategy, std::move(got), again);
  if (result.kind == kind) return std::nullopt;
  return fmt::format("a {} replays as {}: {}", to_string(kind), to_string(result.kind), result.message);
}

Exploration explore(detail::Strategy& strategy, const RunnerOptions& options) {
  detail::StackPool& stacks = detail::StackPool::of_this_thread();
  const detail::ExecutionConfig config{.params = {}, .max_steps = options.max_steps, .spurious_wakeups = options.spurious_wakeups};
  detail::Execution execution(program_model(), config, stacks);
  detail::Execution again(program_model(), config, stacks);
  Exploration out;
  while (strategy.next_execution()) {
    if (out.executions >= options.dfs_budget) return out;
    clear_final_state();
    std::optional<Failure> failure = execution.run(strategy);
    if (execution.abandoned()) continue;
    ++out.executions;
    out.outcomes.insert(execution.pruned() ? "pruned by assume" : outcome(failure));
    if (failure && !out.replay_error) {
      ++out.replays;
      out.replay_error = replay(execution, failure->kind, again, options);
    }
  }
  out.complete = strategy.complete();
  return out;
}

// What two strategies must agree on: every outcome, or only that there is a data race.
std::set<std::string> verdicts(const std::set<std::string>& outcomes) {
  if (outcomes.contains("data_race")) return {"data_race"};
  return outcomes;
}

std::string describe(std::string_view name, const Exploration& e) {
  std::string s = fmt::format("{}: {} executions{}", name, e.executions, e.complete ? "" : " (incomplete)");
  for (const auto& o : e.outcomes) s += "\n    " + o;
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
  const detail::ExecutionConfig config{.params = {}, .max_steps = options.max_steps, .spurious_wakeups = options.spurious_wakeups};
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
  const bool dfs_fails = std::any_of(oracle.outcomes.begin(), oracle.outcomes.end(), [](const std::string& o) {
    return !o.starts_with("pass ") && o != "pruned by assume";
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

}  // namespace

Verdict check_program(const Program& program, const RunnerOptions& options) {
  set_program(program);
  detail::FaultGuard guard;
  Verdict v;
  detail::DfsStrategy dfs;
  const Exploration oracle = explore(dfs, options);
  if (!oracle.complete) {
    v.skipped = true;
    return v;
  }
  v.dfs_executions = oracle.executions;
  v.replays = oracle.replays;
  if (oracle.replay_error) {
    v.divergence = Divergence{"dfs replay", *oracle.replay_error};
    return v;
  }
  detail::DfsStrategy bounded(options.unreachable_bound);
  const Exploration all = explore(bounded, options);
  v.replays += all.replays;
  if ((v.divergence = compare("bounded", all, oracle, true))) return v;
  detail::DporStrategy dpor;
  const Exploration reduced = explore(dpor, options);
  v.dpor_executions = reduced.executions;
  v.replays += reduced.replays;
  v.divergence = compare("dpor", reduced, oracle, false);
  if (!v.divergence && options.dpor_jobs > 1) v.divergence = compare_jobs(oracle, options);
  return v;
}

}  // namespace lockstep::difftest
