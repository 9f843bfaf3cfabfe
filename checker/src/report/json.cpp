// JSON output (--json FILE, lockstep list --json) with nlohmann/json, field for field as
// docs/cli.md specifies.
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

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
  if (r.estimate) {
    // Infinity (past a double) and an unknown spread are null.
    const auto number = [](double v) { return std::isfinite(v) ? ordered_json(v) : ordered_json(nullptr); };
    out["estimate"] = {{"executions", number(r.estimate->executions)},
                       {"spread", number(r.estimate->spread)},
                       {"samples", r.estimate->samples}};
  } else {
    out["estimate"] = nullptr;
  }
  out["elapsed_s"] = r.elapsed_s;
  out["out_of_time"] = r.out_of_time;
  out["shard"] = r.shards > 1 ? ordered_json{{"index", r.shard + 1}, {"count", r.shards}, {"failure_order", r.failure_order}}
                              : ordered_json(nullptr);
  out["flags"] = r.flags;
  out["lockstep_version"] = r.version;
  out["expected"] = r.expected ? ordered_json(to_string(*r.expected)) : ordered_json(nullptr);
  out["as_expected"] = r.as_expected;
  out["failure"] = r.failure ? failure_json(*r.failure) : ordered_json(nullptr);
  return out;
}

Failure failure_from(const ordered_json& j) {
  Failure f;
  const auto kind = parse_failure_kind(j.at("kind").get<std::string>());
  if (!kind) throw InputError("unknown failure kind '" + j.at("kind").get<std::string>() + "'");
  f.kind = *kind;
  f.message = j.at("message");
  f.location = j.at("location");
  f.token = j.at("token");
  int n = 0;
  for (const auto& s : j.at("trace")) {
    f.trace.push_back({++n, s.at("thread"), s.at("op"), s.at("object"), s.at("location"), {}});
    f.trace.back().step = s.at("step");
  }
  for (const auto& b : j.at("blocked")) {
    f.blocked.push_back({b.at("thread"), b.at("waits_for"), b.at("holds"), b.at("location"), b.at("waits_on"),
                         b.at("held_by")});
  }
  return f;
}

RunResult result_from(const ordered_json& j) {
  RunResult r;
  r.model = j.at("model");
  for (const auto& [name, value] : j.at("params").items()) r.params.emplace_back(name, value.get<int>());
  r.strategy = j.at("strategy");
  if (j.contains("seed")) r.seed = j.at("seed").get<std::uint64_t>();
  if (j.contains("pct_depth")) r.pct_depth = j.at("pct_depth").get<int>();
  const std::string verdict = j.at("verdict");
  if (verdict == "pass") {
    r.verdict = Verdict::pass;
  } else if (verdict == "fail") {
    r.verdict = Verdict::fail;
  } else if (verdict == "incomplete") {
    r.verdict = Verdict::incomplete;
  } else {
    throw InputError("unknown verdict '" + verdict + "'");
  }
  r.executions = j.at("executions");
  r.redundant = j.at("redundant");
  r.steps = j.at("steps");
  if (const auto& e = j.at("estimate"); !e.is_null()) {
    const auto number = [](const ordered_json& v) {
      return v.is_null() ? std::numeric_limits<double>::infinity() : v.get<double>();
    };
    r.estimate = TreeEstimate{number(e.at("executions")), e.at("spread").is_null() ? std::nan("") : e.at("spread").get<double>(),
                              e.at("samples")};
  }
  r.elapsed_s = j.at("elapsed_s");
  r.out_of_time = j.value("out_of_time", false);  // (files written before it was)
  if (const auto& shard = j.at("shard"); !shard.is_null()) {
    r.shard = shard.at("index").get<std::uint64_t>() - 1;
    r.shards = shard.at("count");
    r.failure_order = shard.at("failure_order");
  }
  r.flags = j.at("flags");
  r.version = j.at("lockstep_version");
  if (const auto& e = j.at("expected"); !e.is_null()) {
    r.expected = parse_failure_kind(e.get<std::string>());
    if (!r.expected) throw InputError("unknown failure kind '" + e.get<std::string>() + "'");
  }
  r.as_expected = j.at("as_expected");
  if (const auto& f = j.at("failure"); !f.is_null()) r.failure = failure_from(f);
  return r;
}

}  // namespace

std::vector<RunResult> parse_json(std::string_view text) {
  std::vector<RunResult> out;
  try {
    const ordered_json j = ordered_json::parse(text);
    if (!j.is_array()) throw InputError("not a JSON array of results (lockstep run --json writes one)");
    for (const auto& r : j) out.push_back(result_from(r));
  } catch (const ordered_json::exception& e) {
    throw InputError(std::string("not a lockstep run --json file: ") + e.what());
  }
  return out;
}

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
