// JSON output (--json FILE, lockstep list --json) with nlohmann/json, field for field as
// docs/cli.md specifies.
#include <nlohmann/json.hpp>

#include "lockstep/report.hpp"

namespace lockstep {
namespace {

using nlohmann::ordered_json;

// Messages and names are whatever bytes the model gave: a byte that is not UTF-8 is written
// as U+FFFD instead of making the dump throw.
std::string dump(const ordered_json& value) {
  return value.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

ordered_json params_json(const Params& params) {
  ordered_json out = ordered_json::object();
  for (const auto& [name, value] : params) out[name] = value;
  return out;
}

ordered_json failure_json(const Failure& f) {
  ordered_json trace = ordered_json::array();
  for (const TraceStep& s : f.trace) {
    trace.push_back({{"step", s.step}, {"thread", s.thread}, {"op", s.op}, {"object", s.object}, {"location", s.location}});
  }
  ordered_json blocked = ordered_json::array();
  for (const BlockedThread& b : f.blocked) {
    blocked.push_back({{"thread", b.thread},
                       {"waits_for", b.waits_for},
                       {"waits_on", b.waits_on},
                       {"held_by", b.held_by},
                       {"holds", b.holds},
                       {"location", b.location}});
  }
  return {{"kind", to_string(f.kind)}, {"message", f.message}, {"location", f.location},
          {"token", f.token},          {"trace", std::move(trace)}, {"blocked", std::move(blocked)}};
}

ordered_json result_json(const RunResult& r) {
  ordered_json out;
  out["model"] = r.model;
  out["params"] = params_json(r.params);
  out["strategy"] = r.strategy;
  if (r.seed) out["seed"] = *r.seed;
  if (r.pct_depth) out["pct_depth"] = *r.pct_depth;
  out["verdict"] = to_string(r.verdict);
  out["executions"] = r.executions;
  out["redundant"] = r.redundant;
  out["pruned"] = r.pruned;
  out["steps"] = r.steps;
  out["elapsed_s"] = r.elapsed_s;
  out["expected"] = r.expected ? ordered_json(to_string(*r.expected)) : ordered_json(nullptr);
  out["as_expected"] = r.as_expected;
  out["failure"] = r.failure ? failure_json(*r.failure) : ordered_json(nullptr);
  return out;
}

}  // namespace

std::string format_json(const std::vector<RunResult>& results) {
  ordered_json out = ordered_json::array();
  for (const RunResult& r : results) out.push_back(result_json(r));
  return dump(out);
}

std::string format_models_json(const std::vector<const ModelInfo*>& list) {
  ordered_json out = ordered_json::array();
  for (const ModelInfo* m : list) {
    Params params;
    for (const ParamInfo& p : model_params(*m)) params.emplace_back(p.name, p.default_value);
    out.push_back({{"name", m->name},
                   {"description", m->description},
                   {"params", params_json(params)},
                   {"expected", m->expected ? ordered_json(to_string(*m->expected)) : ordered_json(nullptr)}});
  }
  return dump(out);
}

}  // namespace lockstep
