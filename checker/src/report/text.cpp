// Text rendering for people: the one-line summary of a run, the failure with its trace and
// blocked threads, and the line that replays it.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "lockstep/report.hpp"
#include "report/utf8.hpp"

namespace lockstep {
namespace {

// What a seeded run needs besides its seed to explore the same executions again.
std::string pct_depth_arg(const RunResult& r) {
  return r.pct_depth ? fmt::format(" --pct-depth {}", *r.pct_depth) : std::string();
}

std::vector<std::string> param_args(const Params& params) {
  std::vector<std::string> out;
  for (const auto& [name, value] : params) out.push_back(shell_quote(fmt::format("{}={}", name, value)));
  return out;
}

// "of ~2.4e+05 (±1.1e+04) estimated": Knuth's estimate of the whole tree, its standard error.
std::string estimate_words(const TreeEstimate& e) {
  if (!std::isfinite(e.executions)) return "of more than 1e308 estimated";
  std::string out = fmt::format("of ~{:.3g}", e.executions);
  if (std::isfinite(e.spread)) out += fmt::format(" (±{:.2g})", e.spread);
  return out + " estimated";
}

}  // namespace

std::string format_params(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params) out += fmt::format("{}{}={}", out.empty() ? "" : " ", name, value);
  return out;
}

std::string format_summary(const RunResult& r) {
  std::string status;
  std::string detail;
  if (r.failure) {
    status = r.as_expected ? "ok" : "FAIL";
    detail = std::string(display_name(r.failure->kind));
    if (r.expected) {
      detail += r.as_expected ? " (as expected)"
                              : fmt::format(" (expected {})", display_name(*r.expected));
    }
  } else if (r.verdict == Verdict::incomplete) {
    status = "INCOMPLETE";
    detail = r.out_of_time ? "no failure found, exploration stopped by the time limit (--time-limit): not a proof"
                           : "no failure found, exploration stopped by a bound: not a proof";
  } else if (r.expected && r.shards > 1) {
    status = "ok";
    detail = fmt::format("no failure in this shard's part (the model demonstrates {}: lockstep merge tells whether a shard found it)",
                         display_name(*r.expected));
  } else if (r.expected) {
    status = "FAIL";
    detail = fmt::format("expected {}, but every execution passed", display_name(*r.expected));
  } else {
    status = "ok";
    detail = "pass, exploration complete";
  }
  std::string params = format_params(r.params);
  std::string strategy = r.seed ? fmt::format("{} --seed {}{}", r.strategy, *r.seed, pct_depth_arg(r)) : r.strategy;
  // Executions pruned by assume() are named only when there are some.
  const std::string pruned = r.pruned == 0 ? "" : fmt::format(", {} pruned by assume", r.pruned);
  if (r.shards > 1) strategy += fmt::format(" --shard {}/{}", r.shard + 1, r.shards);
  const std::string estimate = r.estimate ? " " + estimate_words(*r.estimate) : std::string();
  return fmt::format("{:<10} {}{}{}  {}  [{} {}, {} executions{}{}, {} steps, {:.2f} s]", status, r.model,
                     params.empty() ? "" : "  ", params, detail, strategy,
                     to_string(r.verdict), r.executions, estimate, pruned, r.steps, r.elapsed_s);
}

std::string format_failure(const RunResult& r, std::string_view program) {
  if (!r.failure) return {};
  const Failure& f = *r.failure;
  using detail::printable;
  std::string out = fmt::format("  {}: {}", display_name(f.kind), printable(f.message));
  if (!f.location.empty()) out += fmt::format("   {}", f.location);
  out += '\n';
  std::size_t thread_w = 6;
  std::size_t op_w = 10;
  // The model's names and messages may hold any bytes: they are shown printable().
  for (const auto& s : f.trace) {
    thread_w = std::max(thread_w, printable(s.thread).size());
    op_w = std::max(op_w, printable(s.op).size());
  }
  const std::size_t step_w = fmt::format("#{}", f.trace.size()).size();
  out += fmt::format("  trace ({} steps):\n", f.trace.size());
  for (const auto& s : f.trace) {
    out += fmt::format("    {:<{}}  {:<{}}  {:<{}}  {}\n", fmt::format("#{}", s.step), step_w, printable(s.thread),
                       thread_w, printable(s.op), op_w, s.location);
  }
  if (!f.blocked.empty()) {
    out += "  blocked threads:\n";
    for (const auto& b : f.blocked) {
      out += fmt::format("    {:<{}}  {}   {}\n", printable(b.thread), thread_w, printable(b.waits_for), b.location);
      if (!b.holds.empty()) {
        std::string holds;
        for (const auto& h : b.holds) holds += (holds.empty() ? "" : ", ") + printable(h);
        out += fmt::format("    {:<{}}  holds {}\n", "", thread_w, holds);
      }
    }
  }
  if (r.seed) {
    const std::string shard = r.shards > 1 ? fmt::format(" --shard {}/{}", r.shard + 1, r.shards) : std::string();
    out += fmt::format("  found by: {} run {} --strategy {} --seed {}{}{}{}{}\n", program, shell_quote(r.model), r.strategy,
                       *r.seed, pct_depth_arg(r), shard,
                       r.params.empty() ? "" : " --param ", fmt::join(param_args(r.params), " --param "));
  }
  if (!f.token.empty()) out += format_replay_line(r, program) + "\n";
  return out;
}

std::string format_replay_line(const RunResult& r, std::string_view program) {
  if (!r.failure || r.failure->token.empty()) return {};
  if (!r.failure->token_file.empty()) {
    return fmt::format("{} replay {} --token-file {}", program, shell_quote(r.model), shell_quote(r.failure->token_file));
  }
  return fmt::format("{} replay {} {}", program, shell_quote(r.model), shell_quote(r.failure->token));
}

std::string shell_quote(std::string_view text) {
  const bool plain = !text.empty() && text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                             "0123456789_-./:=@%+,") == std::string_view::npos;
  if (plain) return std::string(text);
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace lockstep
