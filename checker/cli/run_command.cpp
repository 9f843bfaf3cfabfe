// `lockstep run MODEL... | --all`: explores each selected model and reports its verdict,
// the failure with its trace, and the exit status of the worst outcome.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "interrupt.hpp"
#include "lockstep/report.hpp"
#include "output.hpp"
#include "report/token.hpp"
#include "report_files.hpp"
#include "supervisor.hpp"

namespace lockstep::cli {
namespace {

struct RunArgs {
  std::vector<std::string> models;
  bool all = false;
  bool quiet = false;
  std::optional<std::string> json;
  std::optional<std::string> junit;
  std::optional<std::string> html;
  std::vector<std::string> params;
  RunOptions options;
  SupervisorOptions supervision;
};

// The longest --max-steps: every execution it allows fits in a replay token.
constexpr std::uint64_t kMostSteps = detail::kMaxTokenChoices;

std::vector<ReportTarget> report_targets(const RunArgs& args) {
  std::vector<ReportTarget> targets;
  if (args.json) targets.push_back({"--json", *args.json});
  if (args.junit) targets.push_back({"--junit", *args.junit});
  if (args.html) targets.push_back({"--html", *args.html});
  return targets;
}

int run_models(const RunArgs& args) {
  if (args.all == !args.models.empty()) throw InputError("run takes model names or --all (one of them)");
  RunOptions options = args.options;
  options.params = parse_params(args.params);
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
  // Everything the user gave is checked before the first model runs.
  const std::vector<ReportTarget> targets = report_targets(args);
  check_report_targets(targets);
  for (const ModelInfo* m : selected) check_params(*m, options.params);

  int status = kOk;
  std::vector<RunResult> results;
  catch_interrupts();
  for (const ModelInfo* m : selected) {
    if (!args.quiet) options.progress = progress_line(std::string(m->name));
    Supervised supervised = supervise_run(*m, options, args.supervision);
    clear_progress_line();
    RunResult& r = supervised.result;
    if (auto error = hold_long_token(r)) fmt::print(stderr, "lockstep: {}\n", *error);
    fmt::print("{}\n", format_summary(r));
    if (r.failure && !args.quiet) fmt::print("{}", format_failure(r, program_name()));
    if (r.failure && args.quiet && !r.as_expected) fmt::print("{}\n", format_replay_line(r, program_name()));
    if (!args.quiet) fmt::print("{}", format_model_output(supervised));
    fmt::print("{}", format_interruption(supervised));
    flush_stdout();
    status = worst_status(status, exit_status(r));
    results.push_back(std::move(r));
    if (supervised.interrupted) break;
  }
  // Each report is written even when another could not be; a report that could not be
  // written is said on stderr and makes the status at least 2 (a failure's 1 stays).
  for (const ReportTarget& t : targets) {
    if (t.flag == "--html") continue;  // a page per failing model, below
    const std::string text = t.flag == "--json" ? format_json(results) : format_junit(results, program_name());
    if (auto error = write_atomically(t.path, text)) {
      fmt::print(stderr, "lockstep: {}\n", *error);
      status = worst_status(status, kInputError);
    }
  }
  if (args.html) {
    try {
      for (const std::string& page : write_html_pages(*args.html, results)) fmt::print("html: {}\n", page);
    } catch (const InputError& e) {
      fmt::print(stderr, "lockstep: {}\n", e.what());
      status = worst_status(status, kInputError);
    }
    flush_stdout();
  }
  if (interrupted_by() != 0) return interrupted_status();
  return status;
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  RunOptions& o = args->options;
  auto* run = app.add_subcommand("run", "explore models and report failures");
  run->add_option("models", args->models, "model names or globs (seeds/*)");
  run->add_flag("--all", args->all, "run every registered model");
  run->add_option("--strategy", o.strategy, "exploration strategy: dpor (default), dfs, bounded, random, pct")
      ->check(CLI::IsMember({"dpor", "dfs", "bounded", "random", "pct"}));
  // One value per --param: `--param items=1 MODEL` must leave MODEL to the models.
  run->add_option("--param", args->params, "model parameter name=value (repeatable)")->allow_extra_args(false);
  run->add_option_function<std::string>(
      "--max-executions",
      [&o](const std::string& v) { o.max_executions = whole_number("--max-executions", v, 0, UINT64_MAX); },
      "stop after N executions (0: no bound)")
      ->type_name("N");
  run->add_option_function<std::string>(
      "--max-steps", [&o](const std::string& v) { o.max_steps = whole_number("--max-steps", v, 1, kMostSteps); },
      "steps per execution before a step_limit failure (at most 16777216)")
      ->type_name("N");
  run->add_option_function<std::string>(
      "--preemptions",
      [&o](const std::string& v) { o.preemptions = static_cast<int>(whole_number("--preemptions", v, 0, 1000)); },
      "bounded: preemptions per execution")
      ->type_name("K");
  run->add_option_function<std::string>(
      "--seed", [&o](const std::string& v) { o.seed = whole_number("--seed", v, 0, UINT64_MAX); },
      "random, pct: the seed (the same seed explores the same executions)")
      ->type_name("S");
  run->add_option_function<std::string>(
      "--pct-depth",
      [&o](const std::string& v) { o.pct_depth = static_cast<int>(whole_number("--pct-depth", v, 1, 64)); },
      "pct: the depth d of the bugs to aim at (default 3)")
      ->type_name("D");
  run->add_option_function<std::string>(
      "--time-limit", [&o](const std::string& v) { o.time_limit_s = seconds("--time-limit", v, 1e9); },
      "stop exploring each model after SECONDS (exit 3)")
      ->type_name("SECONDS");
  run->add_option_function<std::string>(
      "--jobs", [&o](const std::string& v) { o.jobs = static_cast<int>(whole_number("--jobs", v, 1, 256)); },
      "dfs, dpor, bounded: explore with N threads (the same verdict, counts and failure as one)")
      ->type_name("N");
  run->add_option_function<std::string>(
      "--shard",
      [&o](const std::string& v) {
        const Shard s = shard("--shard", v);
        o.shard = s.index;
        o.shards = s.count;
      },
      "explore part K of N (dfs, bounded: of the tree; random, pct: of the executions); lockstep merge joins them")
      ->type_name("K/N");
  run->add_flag("--spurious-wakeups", o.spurious_wakeups,
                "let condition waits wake up without a notify (C++/POSIX semantics)");
  run->add_option_function<std::string>(
      "--json", [args](const std::string& v) { args->json = v; }, "write the results as JSON to FILE")
      ->type_name("FILE");
  run->add_option_function<std::string>(
      "--junit", [args](const std::string& v) { args->junit = v; }, "write the results as JUnit XML to FILE")
      ->type_name("FILE");
  run->add_option_function<std::string>(
      "--html", [args](const std::string& v) { args->html = v; },
      "draw each failing execution as swimlanes in FILE (docs/cli.md names them)")
      ->type_name("FILE");
  run->add_flag("--quiet", args->quiet, "print one line per model (and an unexpected failure's replay line): no traces, no progress, no model output");
  run->add_option_function<std::string>(
      "--unfair-polls",
      [&o](const std::string& v) { o.unfair_polls = static_cast<int>(whole_number("--unfair-polls", v, 0, 1000)); },
      "no-progress steps (sleeps, empty polls, timeouts) a thread may take in a row before "
      "fairness makes it let the others move (default 0)")
      ->type_name("N");
  add_supervisor_options(*run, args->supervision);
  return {run, [args] { return run_models(*args); }};
}

}  // namespace lockstep::cli
