#include "result_codec.hpp"

namespace lockstep::cli {
namespace {

using nlohmann::json;

json params_to_json(const Params& params) {
  json out = json::array();
  for (const auto& [name, value] : params) out.push_back({name, value});
  return out;
}

Params params_from_json(const json& j) {
  Params out;
  for (const auto& p : j) out.emplace_back(p.at(0).get<std::string>(), p.at(1).get<int>());
  return out;
}

json kind_to_json(std::optional<FailureKind> kind) { return kind ? json(static_cast<int>(*kind)) : json(nullptr); }

std::optional<FailureKind> kind_from_json(const json& j) {
  if (j.is_null()) return std::nullopt;
  const int k = j.get<int>();
  if (k < 0 || k > static_cast<int>(FailureKind::out_of_memory)) throw json::other_error::create(501, "bad kind", &j);
  return static_cast<FailureKind>(k);
}

json failure_to_json(const Failure& f) {
  // token_file is not carried: the parent writes it, after the child is gone.
  [[maybe_unused]] const auto& [kind, message, location, trace_, blocked_, token, token_file] = f;
  json trace = json::array();
  for (const TraceStep& s : f.trace) {
    const StepEffect& e = s.effect;
    trace.push_back({s.step, s.thread, s.op, s.object, s.location,
                     {e.acquires, e.releases, e.whole, e.blocks, e.wakes, e.notified, e.notifies, e.woke}});
  }
  json blocked = json::array();
  for (const BlockedThread& b : f.blocked) {
    blocked.push_back({b.thread, b.waits_for, b.holds, b.location, b.waits_on, b.held_by});
  }
  return {{"kind", static_cast<int>(f.kind)},
          {"message", f.message},
          {"location", f.location},
          {"trace", trace},
          {"blocked", blocked},
          {"token", f.token}};
}

Failure failure_from_json(const json& j) {
  Failure f{*kind_from_json(j.at("kind")), j.at("message"), j.at("location"), {}, {}, j.at("token")};
  for (const auto& s : j.at("trace")) {
    const json& e = s.at(5);
    f.trace.push_back({s.at(0), s.at(1), s.at(2), s.at(3), s.at(4),
                       StepEffect{e.at(0), e.at(1), e.at(2), e.at(3), e.at(4), e.at(5), e.at(6), e.at(7)}});
  }
  for (const auto& b : j.at("blocked")) f.blocked.push_back({b.at(0), b.at(1), b.at(2), b.at(3), b.at(4), b.at(5)});
  return f;
}

}  // namespace

json result_to_json(const RunResult& r) {
  // Names every field: a field added to RunResult (or Failure) stops this from compiling
  // until it is carried here too, instead of silently vanishing between child and parent.
  [[maybe_unused]] const auto& [model, params, strategy, verdict, executions, redundant, pruned, steps, elapsed_s,
                                out_of_time, seed, pct_depth, estimate, shard, shards, failure_order, flags, version, expected,
                                as_expected, failure] = r;
  return {{"model", r.model},
          {"params", params_to_json(r.params)},
          {"strategy", r.strategy},
          {"verdict", static_cast<int>(r.verdict)},
          {"executions", r.executions},
          {"redundant", r.redundant},
          {"pruned", r.pruned},
          {"steps", r.steps},
          {"elapsed_s", r.elapsed_s},
          {"out_of_time", r.out_of_time},
          {"seed", r.seed ? json(*r.seed) : json(nullptr)},
          {"pct_depth", r.pct_depth ? json(*r.pct_depth) : json(nullptr)},
          {"estimate", r.estimate ? json{r.estimate->executions, r.estimate->spread, r.estimate->samples} : json(nullptr)},
          {"shard", json{r.shard, r.shards, r.failure_order}},
          {"flags", r.flags},
          {"version", r.version},
          {"expected", kind_to_json(r.expected)},
          {"as_expected", r.as_expected},
          {"failure", r.failure ? failure_to_json(*r.failure) : json(nullptr)}};
}

RunResult result_from_json(const json& j) {
  RunResult r;
  r.model = j.at("model");
  r.params = params_from_json(j.at("params"));
  r.strategy = j.at("strategy");
  const int verdict = j.at("verdict");
  if (verdict < 0 || verdict > static_cast<int>(Verdict::incomplete)) {
    throw json::other_error::create(501, "bad verdict", &j);
  }
  r.verdict = static_cast<Verdict>(verdict);
  r.executions = j.at("executions");
  r.redundant = j.at("redundant");
  r.pruned = j.at("pruned");
  r.steps = j.at("steps");
  r.elapsed_s = j.at("elapsed_s");
  r.out_of_time = j.at("out_of_time");
  if (!j.at("seed").is_null()) r.seed = j.at("seed").get<std::uint64_t>();
  if (!j.at("pct_depth").is_null()) r.pct_depth = j.at("pct_depth").get<int>();
  if (const json& e = j.at("estimate"); !e.is_null()) {
    r.estimate = TreeEstimate{e.at(0).get<double>(), e.at(1).get<double>(), e.at(2).get<std::uint64_t>()};
  }
  const json& shard = j.at("shard");
  r.shard = shard.at(0);
  r.shards = shard.at(1);
  r.failure_order = shard.at(2);
  r.flags = j.at("flags");
  r.version = j.at("version");
  r.expected = kind_from_json(j.at("expected"));
  r.as_expected = j.at("as_expected");
  if (!j.at("failure").is_null()) r.failure = failure_from_json(j.at("failure"));
  return r;
}

}  // namespace lockstep::cli
