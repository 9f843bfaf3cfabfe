// `lockstep run MODEL... | --all`: explores each selected model and reports its verdict,
// the failure with its trace, and the exit status of the worst outcome.
#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "lockstep/report.hpp"
#include "output.hpp"

namespace lockstep::cli {
namespace {

struct RunArgs {
  std::vector<std::string> models;
  bool all = false;
  bool quiet = false;
  std::string json;
  std::string junit;
  std::vector<std::string> params;
  RunOptions options;
};

int exit_status(const RunResult& r) {
  if (r.as_expected) return kOk;
  if (r.failure) return kFailure;
  if (r.verdict == Verdict::incomplete) return kIncomplete;
  return kFailure;  // an expected failure was not found though exploration was complete
}

int run_models(const RunArgs& args) {
  if (args.all == !args.models.empty()) throw InputError("run takes model names or --all (one of them)");
  RunOptions options = args.options;
  for (const auto& p : args.params) options.params.push_back(parse_param(p));
  std::vector<const ModelInfo*> selected;
  if (args.all) {
    selected = models();
  } else {
    for (const auto& pattern : args.models) {
      auto found = match_models(pattern);
      if (found.empty()) throw InputError("unknown model '" + pattern + "' (lockstep list shows them)");
      selected.insert(selected.end(), found.begin(), found.end());
    }
  }
  int status = kOk;
  std::vector<RunResult> results;
  for (const ModelInfo* m : selected) {
    if (!args.quiet) options.progress = progress_line(std::string(m->name));
    RunResult r = run(*m, options);
    clear_progress_line();
    fmt::print("{}\n", format_summary(r));
    if (r.failure && !args.quiet) fmt::print("{}", format_failure(r));
    std::fflush(stdout);
    int s = exit_status(r);
    if (s == kFailure || (s == kIncomplete && status == kOk)) status = s;
    results.push_back(std::move(r));
  }
  if (!args.json.empty()) write_file(args.json, format_json(results));
  if (!args.junit.empty()) write_file(args.junit, format_junit(results));
  return status;
}

}  // namespace

std::pair<std::string, int> parse_param(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) throw InputError("--param expects name=value, got '" + text + "'");
  std::string name = text.substr(0, eq);
  std::string value = text.substr(eq + 1);
  int v = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || ptr != value.data() + value.size() || value.empty()) {
    throw InputError("--param " + name + ": '" + value + "' is not an integer");
  }
  return {name, v};
}

Command add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  auto* run = app.add_subcommand("run", "explore models and report failures");
  run->add_option("models", args->models, "model names or globs (seeds/*)");
  run->add_flag("--all", args->all, "run every registered model");
  run->add_option("--strategy", args->options.strategy, "exploration strategy: dpor (default), dfs, bounded, random")
      ->check(CLI::IsMember({"dpor", "dfs", "bounded", "random"}));
  run->add_option("--param", args->params, "model parameter name=value (repeatable)");
  run->add_option("--max-executions", args->options.max_executions, "stop after N executions (0: no bound)");
  run->add_option("--max-steps", args->options.max_steps, "steps per execution before a step_limit failure")
      ->check(CLI::PositiveNumber);
  run->add_flag("--spurious-wakeups", args->options.spurious_wakeups,
                "let condition waits wake up without a notify (C++/POSIX semantics)");
  run->add_option("--unfair-polls", args->options.unfair_polls,
                  "no-progress steps (sleeps, empty polls, timeouts) a thread may take in a row before "
                  "fairness makes it let the others move (default 0)")
      ->check(CLI::NonNegativeNumber);
  run->add_option("--preemptions", args->options.preemptions, "bounded: preemptions per execution")
      ->check(CLI::NonNegativeNumber);
  run->add_option("--seed", args->options.seed, "random: the seed (the same seed explores the same executions)");
  run->add_option("--time-limit", args->options.time_limit_s, "stop exploring each model after SECONDS (exit 3)")
      ->check(CLI::PositiveNumber);
  run->add_option("--json", args->json, "write the results as JSON to FILE");
  run->add_option("--junit", args->junit, "write the results as JUnit XML to FILE");
  run->add_flag("--quiet", args->quiet, "print one line per model: no traces, no progress");
  return {run, [args] { return run_models(*args); }};
}

}  // namespace lockstep::cli
