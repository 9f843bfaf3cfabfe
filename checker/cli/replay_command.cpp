// `lockstep replay MODEL TOKEN [--trace]`: re-runs exactly the execution a token recorded
// and reports its failure again; a model that behaves differently is nondeterministic. The
// token may come from a file (`@FILE`, `--token-file FILE`) or standard input (`-`): a long
// execution's token does not fit on a command line.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include "cli.hpp"
#include "interrupt.hpp"
#include "lockstep/report.hpp"
#include "output.hpp"
#include "report_files.hpp"
#include "supervisor.hpp"

namespace lockstep::cli {
namespace {

struct ReplayArgs {
  std::string model;
  std::optional<std::string> token;
  std::optional<std::string> token_file;
  std::vector<std::string> params;
  bool trace = false;
  std::string html;
  RunOptions options;
  SupervisorOptions supervision;
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

// The text of a token file or of standard input, surrounding white space removed.
std::string read_token(const std::string& source) {
  std::string text;
  if (source == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    if (std::cin.bad()) throw InputError(fmt::format("cannot read the token from standard input: {}", std::strerror(errno)));
  } else {
    std::ifstream in(source, std::ios::binary);
    if (!in) throw InputError(fmt::format("cannot read the token file {}: {}", source, std::strerror(errno)));
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) throw InputError(fmt::format("cannot read the token file {}: {}", source, std::strerror(errno)));
  }
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    throw InputError(source == "-" ? "standard input holds no token" : "the token file " + source + " holds no token");
  }
  return text.substr(first, text.find_last_not_of(" \t\r\n") + 1 - first);
}

// TOKEN, @FILE, - (standard input) or --token-file FILE: exactly one of them.
std::string token_of(const ReplayArgs& args) {
  if (args.token.has_value() == args.token_file.has_value()) {
    throw InputError("replay takes a token, @FILE, - (standard input) or --token-file FILE (one of them)");
  }
  if (args.token_file) return read_token(*args.token_file);
  if (*args.token == "-") return read_token("-");
  if (args.token->starts_with('@')) return read_token(args.token->substr(1));
  return *args.token;
}

int replay_model(const ReplayArgs& args) {
  const ModelInfo* model = find_model(args.model);
  if (model == nullptr) throw InputError("unknown model '" + args.model + "' (lockstep list shows them)");
  RunOptions options = args.options;
  options.strategy = "replay";
  options.token = token_of(args);
  options.params = parse_params(args.params);
  catch_interrupts();
  Supervised supervised = supervise_run(*model, options, args.supervision);
  RunResult& r = supervised.result;
  if (auto error = hold_long_token(r)) fmt::print(stderr, "lockstep: {}\n", *error);
  fmt::print("{}\n", format_summary(r));
  if (r.failure) fmt::print("{}", args.trace ? format_failure(r, program_name()) : without_trace(r));
  fmt::print("{}", format_model_output(supervised));
  if (!args.html.empty()) {
    for (const std::string& page : write_html_pages(args.html, {r})) fmt::print("html: {}\n", page);
  }
  flush_stdout();
  if (supervised.interrupted) return interrupted_status();
  if (!r.failure) return kOk;
  return r.failure->kind == FailureKind::nondeterministic_model || !r.as_expected ? kFailure : kOk;
}

}  // namespace

Command add_replay_command(CLI::App& app) {
  auto args = std::make_shared<ReplayArgs>();
  auto* replay = app.add_subcommand("replay", "re-run exactly the execution of a replay token");
  replay->add_option("model", args->model, "the model the token was recorded for")->required();
  replay->add_option_function<std::string>(
      "token", [args](const std::string& v) { args->token = v; },
      "the token printed with the failure, @FILE for a file holding it, - to read it from standard input");
  replay->add_option_function<std::string>(
      "--token-file", [args](const std::string& v) { args->token_file = v; }, "read the token from FILE")
      ->type_name("FILE");
  replay->add_flag("--trace", args->trace, "print every step of the execution");
  replay->add_option("--param", args->params, "refuse the token unless it records name=value (repeatable)")
      ->allow_extra_args(false);
  replay->add_option("--html", args->html, "draw the execution as swimlanes in FILE");
  add_supervisor_options(*replay, args->supervision);
  return {replay, [args] { return replay_model(*args); }};
}

}  // namespace lockstep::cli
