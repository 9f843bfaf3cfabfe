// The lockstep command line: list, run. Exit status: 0 ok, 1 failure, 2 bad input,
// 3 exploration stopped by a bound (see docs/cli.md).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <iostream>

#include "lockstep/report.hpp"
#include "lockstep/run.hpp"

namespace {

using namespace lockstep;

constexpr int kOk = 0;
constexpr int kFailure = 1;
constexpr int kInputError = 2;
constexpr int kIncomplete = 3;

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

int exit_status(const RunResult& r) {
  if (r.as_expected) return kOk;
  if (r.failure) return kFailure;
  if (r.verdict == Verdict::incomplete) return kIncomplete;
  return kFailure;  // an expected failure was not found though exploration was complete
}

int cmd_list() {
  for (const ModelInfo* m : models()) {
    std::string params = [&] {
      std::string out;
      for (const auto& p : model_params(*m)) out += fmt::format("{}{}={}", out.empty() ? "" : " ", p.name, p.default_value);
      return out;
    }();
    fmt::print("{:<32} {}", m->name, m->description);
    if (!params.empty()) fmt::print("  [{}]", params);
    if (m->expected) fmt::print("  (demonstrates: {})", display_name(*m->expected));
    fmt::print("\n");
  }
  return kOk;
}

struct RunArgs {
  std::vector<std::string> models;
  bool all = false;
  bool quiet = false;
  std::vector<std::string> params;
  RunOptions options;
};

int cmd_run(const RunArgs& args) {
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
  for (const ModelInfo* m : selected) {
    RunResult r = run(*m, options);
    fmt::print("{}\n", format_summary(r));
    if (r.failure && !args.quiet) fmt::print("{}", format_failure(r));
    std::fflush(stdout);
    int s = exit_status(r);
    if (s == kFailure || (s == kIncomplete && status == kOk)) status = s;
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lockstep: a deterministic concurrency model checker"};
  app.require_subcommand(1);
  auto* list = app.add_subcommand("list", "list the models, their parameters and descriptions");

  RunArgs run_args;
  auto* run = app.add_subcommand("run", "explore models and report failures");
  run->add_option("models", run_args.models, "model names or globs (seeds/*)");
  run->add_flag("--all", run_args.all, "run every registered model");
  run->add_option("--strategy", run_args.options.strategy, "exploration strategy: dfs")
      ->check(CLI::IsMember({"dfs"}));
  run->add_option("--param", run_args.params, "model parameter name=value (repeatable)");
  run->add_option("--max-executions", run_args.options.max_executions, "stop after N executions (0: no bound)");
  run->add_option("--max-steps", run_args.options.max_steps, "steps per execution before a step_limit failure")
      ->check(CLI::PositiveNumber);
  run->add_flag("--spurious-wakeups", run_args.options.spurious_wakeups,
                "let condition waits wake up without a notify (C++/POSIX semantics)");
  run->add_flag("--quiet", run_args.quiet, "print one line per model, no traces");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "lockstep: " << e.what() << " (lockstep --help shows usage)\n";
    return kInputError;
  }

  try {
    if (*list) return cmd_list();
    if (*run) return cmd_run(run_args);
  } catch (const InputError& e) {
    std::cerr << "lockstep: " << e.what() << "\n";
    return kInputError;
  }
  return kInputError;
}
