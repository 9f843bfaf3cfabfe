// Whole explorations: executions per second of every registered model under dfs (and dpor
// when present), and the peer models side by side with Relacy's exhaustive search.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <lockstep/run.hpp>
#include <string>

#include "bench.hpp"
#include "relacy_peers.hpp"

namespace lockstep::bench {
namespace {

// A bound so that the sweep over every model stays short; the counters say when it hit.
constexpr std::uint64_t kSweepExecutions = 100'000;

bool has_strategy(const std::string& name) {
  try {
    run(*models().front(), options(name, 1));
    return true;
  } catch (const InputError&) {
    return false;
  }
}

// Each iteration explores the model completely (or to `max_executions`); the rates are
// per second of CPU time.
void explore(benchmark::State& state, const ModelInfo* model, RunOptions run_options) {
  std::uint64_t executions = 0;
  double seconds = 0;
  RunResult last;
  for (auto _ : state) {
    const double start = cpu_seconds();
    last = run(*model, run_options);
    seconds += cpu_seconds() - start;
    executions += last.executions;
  }
  state.counters["executions"] = static_cast<double>(last.executions);
  state.counters["execs_per_s"] = static_cast<double>(executions) / seconds;
  state.counters["ms_to_verdict"] = seconds * 1e3 / static_cast<double>(state.iterations());
  state.counters["complete"] = last.verdict == Verdict::incomplete ? 0 : 1;
  if (run_options.max_executions != 0 && last.verdict == Verdict::incomplete) {
    state.SetLabel("stopped at " + std::to_string(run_options.max_executions) + " executions");
  } else {
    state.SetLabel(std::string(to_string(last.verdict)) + (last.as_expected ? ", as expected" : ", NOT as expected"));
  }
}

void relacy(benchmark::State& state, PeerResult (*search)()) {
  std::uint64_t executions = 0;
  double seconds = 0;
  PeerResult last{};
  for (auto _ : state) {
    const double start = cpu_seconds();
    last = search();
    seconds += cpu_seconds() - start;
    executions += last.executions;
  }
  if (!last.passed) state.SkipWithError("Relacy found a failure in a correct model");
  state.counters["executions"] = static_cast<double>(last.executions);
  state.counters["execs_per_s"] = static_cast<double>(executions) / seconds;
  state.counters["ms_to_verdict"] = seconds * 1e3 / static_cast<double>(state.iterations());
}

Params parse(const std::string& text) {
  Params out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find(' ', at), text.size());
    const std::size_t eq = text.find('=', at);
    out.emplace_back(text.substr(at, eq - at), std::stoi(text.substr(eq + 1, end - eq - 1)));
    at = end + 1;
  }
  return out;
}

}  // namespace

const std::vector<PeerCase>& peer_cases() {
  static const std::vector<PeerCase> cases = {
      {"bench/handoff", "items=3", [] { return relacy_handoff(3); }},
      {"bench/bounded-buffer", "capacity=2 items=3", [] { return relacy_bounded_buffer(2, 3); }},
      {"bench/mutex-counter", "increments=2", [] { return relacy_mutex_counter(2); }},
  };
  return cases;
}

const std::vector<std::string>& peer_strategies() {
  static const std::vector<std::string> strategies = [] {
    std::vector<std::string> out{"dfs"};
    if (has_strategy("dpor")) out.emplace_back("dpor");
    return out;
  }();
  return strategies;
}

void register_explore_benchmarks() {
  // The peers: lockstep's strategies, then Relacy, on the same programs and parameters. The
  // repetitions are rounds (each checker once per round, the summary keeping each one's
  // fastest), not runs back to back: a busy spell of the machine then slows both checkers
  // of a round alike instead of the three runs of one of them.
  for (int round = 0; round < kRepetitions; ++round) {
    for (const PeerCase& peer : peer_cases()) {
      const ModelInfo* model = find_model(peer.model);
      if (model == nullptr) continue;
      for (const std::string& strategy : peer_strategies()) {
        benchmark::RegisterBenchmark(("peer/" + peer.model + "/" + strategy).c_str(), explore, model,
                                     options(strategy, 0, parse(peer.params)))
            ->MinTime(0.5)
            ->Unit(benchmark::kMillisecond);
      }
      benchmark::RegisterBenchmark(("peer/" + peer.model + "/relacy").c_str(), relacy, peer.relacy)
          ->Iterations(1)
          ->Unit(benchmark::kMillisecond);
    }
  }

  // Every other model with its default parameters.
  for (const ModelInfo* model : models()) {
    const std::string name(model->name);
    if (name.starts_with("microbench/")) continue;
    for (const std::string& strategy : peer_strategies()) {
      benchmark::RegisterBenchmark(("explore/" + strategy + "/" + name).c_str(), explore, model,
                                   options(strategy, kSweepExecutions))
          ->MinTime(0.2)
          ->Unit(benchmark::kMillisecond);
    }
  }
}

}  // namespace lockstep::bench
