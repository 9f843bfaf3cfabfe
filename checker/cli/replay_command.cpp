// `lockstep replay MODEL TOKEN [--trace]`: re-runs exactly the execution a token recorded
// and reports its failure again; a model that behaves differently is nondeterministic.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "lockstep/report.hpp"
#include "output.hpp"

namespace lockstep::cli {
namespace {

struct ReplayArgs {
  std::string model;
  std::string token;
  std::vector<std::string> params;
  bool trace = false;
  std::string html;
  RunOptions options;
};

// Without --trace: the failure and its blocked threads, the trace only counted.
std::string without_trace(const RunResult& r) {
  RunResult brief = r;
  const std::size_t steps = r.failure->trace.size();
  brief.failure->trace.clear();
  std::string text = format_failure(brief, program_name());
  const std::string empty_trace = "  trace (0 steps):\n";
  const auto at = text.find(empty_trace);
  if (at != std::string::npos) {
    text.replace(at, empty_trace.size(), fmt::format("  trace: {} steps (--trace prints them)\n", steps));
  }
  return text;
}

int replay_model(const ReplayArgs& args) {
  const ModelInfo* model = find_model(args.model);
  if (model == nullptr) throw InputError("unknown model '" + args.model + "' (lockstep list shows them)");
  RunOptions options = args.options;
  options.strategy = "replay";
  options.token = args.token;
  for (const auto& p : args.params) options.params.push_back(parse_param(p));
  RunResult r = run(*model, options);
  fmt::print("{}\n", format_summary(r));
  if (r.failure) fmt::print("{}", args.trace ? format_failure(r, program_name()) : without_trace(r));
  if (!args.html.empty()) {
    for (const std::string& page : write_html_pages(args.html, {r})) fmt::print("html: {}\n", page);
  }
  std::fflush(stdout);
  if (!r.failure) return kOk;
  return r.failure->kind == FailureKind::nondeterministic_model || !r.as_expected ? kFailure : kOk;
}

}  // namespace

Command add_replay_command(CLI::App& app) {
  auto args = std::make_shared<ReplayArgs>();
  auto* replay = app.add_subcommand("replay", "re-run exactly the execution of a replay token");
  replay->add_option("model", args->model, "the model the token was recorded for")->required();
  replay->add_option("token", args->token, "the token printed with the failure")->required();
  replay->add_flag("--trace", args->trace, "print every step of the execution");
  replay->add_option("--html", args->html, "draw the execution as swimlanes in FILE");
  replay->add_option("--param", args->params, "refuse the token unless it records name=value (repeatable)");
  return {replay, [args] { return replay_model(*args); }};
}

}  // namespace lockstep::cli
