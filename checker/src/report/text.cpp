// Text rendering for people: the one-line summary of a run, the failure with its trace and
// blocked threads, and the line that replays it.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>
#include <vector>

#include "lockstep/report.hpp"

namespace lockstep {
namespace {

std::vector<std::string> param_args(const Params& params) {
  std::vector<std::string> out;
  for (const auto& [name, value] : params) out.push_back(fmt::format("{}={}", name, value));
  return out;
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
    detail = "no failure found, exploration stopped by a bound: not a proof";
  } else if (r.expected) {
    status = "FAIL";
    detail = fmt::format("expected {}, but every execution passed", display_name(*r.expected));
  } else {
    status = "ok";
    detail = "pass, exploration complete";
  }
  std::string params = format_params(r.params);
  std::string strategy = r.seed ? fmt::format("{} --seed {}", r.strategy, *r.seed) : r.strategy;
  // Executions pruned by assume() are named only when there are some.
  const std::string pruned = r.pruned == 0 ? "" : fmt::format(", {} pruned by assume", r.pruned);
  return fmt::format("{:<10} {}{}{}  {}  [{} {}, {} executions{}, {} steps, {:.2f} s]", status, r.model,
                     params.empty() ? "" : "  ", params, detail, strategy,
                     to_string(r.verdict), r.executions, pruned, r.steps, r.elapsed_s);
}

std::string format_failure(const RunResult& r) {
  if (!r.failure) return {};
  const Failure& f = *r.failure;
  std::string out = fmt::format("  {}: {}", display_name(f.kind), f.message);
  if (!f.location.empty()) out += fmt::format("   {}", f.location);
  out += '\n';
  std::size_t thread_w = 6;
  std::size_t op_w = 10;
  for (const auto& s : f.trace) {
    thread_w = std::max(thread_w, s.thread.size());
    op_w = std::max(op_w, s.op.size());
  }
  const std::size_t step_w = fmt::format("#{}", f.trace.size()).size();
  out += fmt::format("  trace ({} steps):\n", f.trace.size());
  for (const auto& s : f.trace) {
    out += fmt::format("    {:<{}}  {:<{}}  {:<{}}  {}\n", fmt::format("#{}", s.step), step_w, s.thread,
                       thread_w, s.op, op_w, s.location);
  }
  if (!f.blocked.empty()) {
    out += "  blocked threads:\n";
    for (const auto& b : f.blocked) {
      out += fmt::format("    {:<{}}  {}   {}\n", b.thread, thread_w, b.waits_for, b.location);
      if (!b.holds.empty()) {
        std::string holds;
        for (const auto& h : b.holds) holds += (holds.empty() ? "" : ", ") + h;
        out += fmt::format("    {:<{}}  holds {}\n", "", thread_w, holds);
      }
    }
  }
  if (r.seed) {
    out += fmt::format("  found by: lockstep run {} --strategy {} --seed {}{}{}\n", r.model, r.strategy, *r.seed,
                       r.params.empty() ? "" : " --param ", fmt::join(param_args(r.params), " --param "));
  }
  if (!f.token.empty()) out += format_replay_line(r) + "\n";
  return out;
}

std::string format_replay_line(const RunResult& r) {
  if (!r.failure || r.failure->token.empty()) return {};
  return fmt::format("lockstep replay {} {}", r.model, r.failure->token);
}

}  // namespace lockstep
