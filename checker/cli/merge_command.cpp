// `lockstep merge FILE...`: joins the --json files of the shards of one run (--shard K/N)
// into one verdict per model, one exit status and, on request, one JSON and one JUnit file.
// Files of different models, parameters, flags, shard counts or lockstep versions are
// refused, as is a set of shards with one missing or given twice.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

#include "cli.hpp"
#include "explore/estimate.hpp"
#include "lockstep/report.hpp"
#include "output.hpp"
#include "report_files.hpp"

namespace lockstep::cli {
namespace {

struct MergeArgs {
  std::vector<std::string> files;
  std::optional<std::string> json;
  std::optional<std::string> junit;
  bool quiet = false;
};

struct ShardFile {
  std::string path;
  std::vector<RunResult> results;
};

ShardFile read_shard(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("cannot read {}", path));
  std::stringstream text;
  text << in.rdbuf();
  try {
    return {path, parse_json(text.str())};
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: {}", path, e.what()));
  }
}

// Refuses, with one line, shards that are not parts of one run.
void check_shards(const std::vector<ShardFile>& files) {
  const ShardFile& first = files.front();
  if (first.results.empty()) throw InputError(fmt::format("{} holds no results", first.path));
  const std::uint64_t count = first.results.front().shards;
  std::vector<const ShardFile*> by_index(count, nullptr);
  for (const ShardFile& f : files) {
    if (f.results.size() != first.results.size()) {
      throw InputError(fmt::format("{} and {} hold results of different models ({} and {} runs)", first.path, f.path,
                                   first.results.size(), f.results.size()));
    }
    for (std::size_t i = 0; i < f.results.size(); ++i) {
      const RunResult& a = first.results[i];
      const RunResult& b = f.results[i];
      if (b.version != a.version) {
        throw InputError(fmt::format("{} was written by lockstep {} and {} by lockstep {}: merge results of one version",
                                     first.path, a.version, f.path, b.version));
      }
      if (b.model != a.model) {
        throw InputError(fmt::format("{} and {} hold different models ({} and {})", first.path, f.path, a.model, b.model));
      }
      if (b.params != a.params) {
        throw InputError(fmt::format("{} and {} ran {} with different parameters ({} and {})", first.path, f.path, a.model,
                                     format_params(a.params), format_params(b.params)));
      }
      if (b.flags != a.flags) {
        throw InputError(fmt::format("{} and {} ran {} with different flags ({} and {})", first.path, f.path, a.model,
                                     a.flags, b.flags));
      }
      if (b.shards < 2) throw InputError(fmt::format("{} is not a shard (lockstep run --shard K/N writes one)", f.path));
      if (b.shards != count) {
        throw InputError(fmt::format("{} and {} split the run differently (into {} and {} shards)", first.path, f.path,
                                     count, b.shards));
      }
      if (b.shard != f.results.front().shard) {
        throw InputError(fmt::format("{} holds results of different shards", f.path));
      }
    }
    const std::uint64_t index = f.results.front().shard;
    if (by_index[index] != nullptr) {
      throw InputError(fmt::format("shard {}/{} is given twice: {} and {}", index + 1, count, by_index[index]->path, f.path));
    }
    by_index[index] = &f;
  }
  for (std::uint64_t i = 0; i < count; ++i) {
    if (by_index[i] == nullptr) throw InputError(fmt::format("shard {}/{} is missing", i + 1, count));
  }
}

// One model's shards joined: counts added, the verdict of the whole, and of the failures
// the first in the run's order.
RunResult join(const std::vector<const RunResult*>& parts) {
  RunResult out = *parts.front();
  out.shard = 0;
  out.shards = 1;
  out.executions = out.redundant = out.steps = 0;
  out.elapsed_s = 0;
  out.out_of_time = false;
  out.failure.reset();
  out.estimate.reset();
  bool incomplete = false;
  const RunResult* failed = nullptr;
  detail::TreeEstimator estimator;
  for (const RunResult* r : parts) {
    out.executions += r->executions;
    out.redundant += r->redundant;
    out.steps += r->steps;
    out.elapsed_s = std::max(out.elapsed_s, r->elapsed_s);  // the shards ran side by side
    incomplete |= r->verdict == Verdict::incomplete;
    out.out_of_time |= r->out_of_time;
    if (r->failure && (failed == nullptr || r->failure_order < failed->failure_order)) failed = r;
    if (r->estimate) estimator.merge(*r->estimate);
  }
  if (failed != nullptr) {
    out.failure = failed->failure;
    out.failure_order = failed->failure_order;
    out.shard = failed->shard;  // its "found by" line needs it
    out.shards = failed->shards;
    out.verdict = Verdict::fail;
  } else {
    out.verdict = incomplete ? Verdict::incomplete : Verdict::pass;
    if (incomplete) out.estimate = estimator.estimate();
  }
  out.as_expected = out.expected ? out.failure && out.failure->kind == *out.expected
                                 : !out.failure && out.verdict == Verdict::pass;
  return out;
}

int merge(const MergeArgs& args) {
  std::vector<ReportTarget> targets;
  if (args.json) targets.push_back({"--json", *args.json});
  if (args.junit) targets.push_back({"--junit", *args.junit});
  check_report_targets(targets);
  std::vector<ShardFile> files;
  for (const std::string& path : args.files) files.push_back(read_shard(path));
  check_shards(files);

  int status = kOk;
  std::vector<RunResult> results;
  for (std::size_t i = 0; i < files.front().results.size(); ++i) {
    std::vector<const RunResult*> parts;
    for (const ShardFile& f : files) parts.push_back(&f.results[i]);
    RunResult r = join(parts);
    fmt::print("{}\n", format_summary(r));
    if (r.failure && !args.quiet) fmt::print("{}", format_failure(r, program_name()));
    if (r.failure && args.quiet && !r.as_expected) fmt::print("{}\n", format_replay_line(r, program_name()));
    status = worst_status(status, exit_status(r));
    results.push_back(std::move(r));
  }
  flush_stdout();
  for (const ReportTarget& t : targets) {
    const std::string text = t.flag == "--json" ? format_json(results) : format_junit(results, program_name());
    if (auto error = write_atomically(t.path, text)) {
      fmt::print(stderr, "lockstep: {}\n", *error);
      status = worst_status(status, kInputError);
    }
  }
  return status;
}

}  // namespace

Command add_merge_command(CLI::App& app) {
  auto args = std::make_shared<MergeArgs>();
  auto* merge_app = app.add_subcommand("merge", "join the --json files of the shards of one run (--shard K/N)");
  merge_app->add_option("files", args->files, "the --json file of every shard")->required();
  merge_app->add_option_function<std::string>(
      "--json", [args](const std::string& v) { args->json = v; }, "write the joined results as JSON to FILE")
      ->type_name("FILE");
  merge_app->add_option_function<std::string>(
      "--junit", [args](const std::string& v) { args->junit = v; }, "write the joined results as JUnit XML to FILE")
      ->type_name("FILE");
  merge_app->add_flag("--quiet", args->quiet, "one line per model (and an unexpected failure's replay line)");
  return {merge_app, [args] { return merge(*args); }};
}

}  // namespace lockstep::cli
