// --shard K/N and --jobs N against the whole run (explore/partition.hpp, parallel.hpp,
// parallel_dpor.hpp): over every model of models/ small enough to explore completely within a
// cap, 4 shards together and 2 jobs report the verdict, the execution and step totals and the
// failing schedule of one dfs (and bounded, and dpor) run. LOCKSTEP_SPLIT_CAP raises the cap (.ci/run: every model).
#include <gtest/gtest.h>

#include <cstdlib>
#include <lockstep/gtest.hpp>
#include <string>

#include "lockstep/lockstep.hpp"

namespace lockstep {
namespace {

std::uint64_t cap() {
  const char* text = std::getenv("LOCKSTEP_SPLIT_CAP");
  return text != nullptr ? std::strtoull(text, nullptr, 10) : 1500;
}

bool from_models_dir(const ModelInfo& m) { return std::string_view(m.location.file_name()).starts_with("models/"); }

RunOptions base(const char* strategy) {
  RunOptions o{.strategy = strategy};
  o.shortest_trace = false;  // the schedule each found, not a shortened one (which has a time budget)
  return o;
}

// The shards' results joined as lockstep merge joins them: counts added, of the failures
// the first in the run's order.
struct Joined {
  std::uint64_t executions = 0;
  std::uint64_t steps = 0;
  bool incomplete = false;
  std::optional<RunResult> failed;
};

Joined run_shards(const ModelInfo& model, const char* strategy, std::uint64_t shards) {
  Joined j;
  for (std::uint64_t k = 0; k < shards; ++k) {
    RunOptions o = base(strategy);
    // The shard holding the whole run's failure meets it within the cap (it explores a part
    // of what the whole run explored before it); the others may stop at the cap.
    o.max_executions = cap();
    o.shard = k;
    o.shards = shards;
    RunResult r = run(model, o);
    j.executions += r.executions;
    j.steps += r.steps;
    j.incomplete |= r.verdict == Verdict::incomplete;
    if (r.failure && (!j.failed || r.failure_order < j.failed->failure_order)) j.failed = std::move(r);
  }
  return j;
}

void compare_splits(const char* strategy) {
  int compared = 0;
  int failing = 0;
  for (const ModelInfo* m : models()) {
    if (!from_models_dir(*m)) continue;
    RunOptions capped = base(strategy);
    capped.max_executions = cap();
    const RunResult whole = run(*m, capped);
    if (whole.verdict == Verdict::incomplete && whole.executions >= cap()) continue;  // too big for this suite
    ++compared;
    SCOPED_TRACE(std::string(m->name) + " " + strategy);

    const Joined shards = run_shards(*m, strategy, 4);
    RunOptions two = base(strategy);
    two.jobs = 2;
    const RunResult jobs = run(*m, two);

    EXPECT_EQ(jobs.verdict, whole.verdict);
    EXPECT_EQ(jobs.executions, whole.executions);
    EXPECT_EQ(jobs.steps, whole.steps);
    EXPECT_EQ(shards.failed.has_value(), whole.failure.has_value());
    if (whole.failure) {
      ++failing;
      ASSERT_TRUE(jobs.failure);
      EXPECT_EQ(jobs.failure->token, whole.failure->token);
      ASSERT_TRUE(shards.failed);
      EXPECT_EQ(shards.failed->failure->kind, whole.failure->kind);
      EXPECT_EQ(shards.failed->failure->token, whole.failure->token);
    } else {
      // Each shard explores its whole part: the parts add up to the whole tree.
      EXPECT_EQ(shards.executions, whole.executions);
      EXPECT_EQ(shards.steps, whole.steps);
      EXPECT_EQ(shards.incomplete, whole.verdict == Verdict::incomplete);
    }
  }
  EXPECT_GE(compared, 20) << "the cap left too few models to compare";
  EXPECT_GE(failing, 5) << "too few failing models among them";
  ::testing::Test::RecordProperty(std::string(strategy) + " models compared", compared);
}

TEST(Split, ShardsAndJobsAgreeWithTheWholeDfsRunOverTheModels) { compare_splits("dfs"); }
TEST(Split, ShardsAndJobsAgreeWithTheWholeBoundedRunOverTheModels) { compare_splits("bounded"); }

// Seeded strategies split the execution indices: the shares add up to the run's bound.
TEST(Split, SeededShardsShareTheExecutions) {
  for (const char* strategy : {"random", "pct"}) {
    std::uint64_t total = 0;
    for (std::uint64_t k = 0; k < 3; ++k) {
      RunOptions o{.strategy = strategy, .max_executions = 1000, .seed = 9};
      o.shard = k;
      o.shards = 3;
      const RunResult r = testing::run_model("seeds/condition-fixed", {}, o);
      EXPECT_EQ(r.verdict, Verdict::incomplete);
      total += r.executions;
    }
    EXPECT_EQ(total, 1000u) << strategy;
  }
}

// A failure in a shard is found again by that shard: its seed, shard and token in the report.
TEST(Split, ASeededShardsFailureReplays) {
  RunOptions o{.strategy = "random", .seed = 4};
  o.shard = 1;
  o.shards = 2;
  RunResult r = testing::run_model("seeds/condition", {}, o);
  ASSERT_TRUE(r.failure);
  EXPECT_NE(format_failure(r).find("--seed 4 --shard 2/2"), std::string::npos) << format_failure(r);
  RunOptions replay{.strategy = "replay"};
  replay.token = r.failure->token;
  RunResult again = testing::run_model("seeds/condition", {}, replay);
  ASSERT_TRUE(again.failure);
  EXPECT_EQ(again.failure->kind, r.failure->kind);
}

// dpor's shards (explore/dpor_units.hpp) are sound, not exact: they find what the whole run
// finds (the same verdict, a failure of the same kind) exploring at least as many executions,
// each a trace of its own (fewer would mean a trace missed: a trace is one dpor execution).
TEST(Split, DporShardsFindWhatTheWholeDporRunFinds) {
  int compared = 0;
  for (const ModelInfo* m : models()) {
    if (!from_models_dir(*m)) continue;
    RunOptions capped = base("dpor");
    capped.max_executions = cap();
    const RunResult whole = run(*m, capped);
    if (whole.verdict == Verdict::incomplete) continue;  // too big for this suite
    ++compared;
    SCOPED_TRACE(std::string(m->name));
    const Joined shards = run_shards(*m, "dpor", 4);
    EXPECT_EQ(shards.failed.has_value(), whole.failure.has_value());
    if (whole.failure && shards.failed) {
      EXPECT_EQ(shards.failed->failure->kind, whole.failure->kind);
    }
    if (!whole.failure) {
      EXPECT_FALSE(shards.incomplete);
      EXPECT_GE(shards.executions, whole.executions);
    }
  }
  EXPECT_GE(compared, 20);
}

// The sleep sets of the prefix enumeration (explore/dpor_units.hpp): a prefix that only
// reorders independent steps of an earlier one is no unit. On these models that leaves each
// trace in one unit: 3 and 4 shards explore exactly one dpor run's executions (without the
// sleep sets 6 and 4 executions for their 2).
TEST(Split, DporShardsSkipPrefixesThatReorderIndependentSteps) {
  for (const char* name : {"primitives/bounded-semaphore-pool", "primitives/cpp-shared-mutex-nested-read-fixed"}) {
    const ModelInfo* m = find_model(name);
    ASSERT_NE(m, nullptr) << name;
    const RunResult whole = run(*m, base("dpor"));
    ASSERT_EQ(whole.verdict, Verdict::pass) << name;
    for (const std::uint64_t shards : {3, 4}) {
      const Joined j = run_shards(*m, "dpor", shards);
      EXPECT_FALSE(j.incomplete) << name;
      EXPECT_EQ(j.executions, whole.executions) << name << ", " << shards << " shards";
    }
  }
}

// dpor under --jobs (explore/parallel_dpor.hpp) is exact: 2 and 3 jobs report the verdict,
// the execution, redundant and step totals and the failing schedule of one dpor run.
TEST(Split, DporJobsAgreeWithTheWholeDporRunOverTheModels) {
  int compared = 0;
  int failing = 0;
  for (const ModelInfo* m : models()) {
    if (!from_models_dir(*m)) continue;
    RunOptions capped = base("dpor");
    capped.max_executions = cap();
    const RunResult whole = run(*m, capped);
    if (whole.verdict == Verdict::incomplete && whole.executions >= cap()) continue;  // too big for this suite
    ++compared;
    failing += whole.failure ? 1 : 0;
    for (int jobs : {2, 3}) {
      SCOPED_TRACE(std::string(m->name) + " dpor --jobs " + std::to_string(jobs));
      RunOptions o = capped;
      o.jobs = jobs;
      const RunResult split = run(*m, o);
      EXPECT_EQ(split.verdict, whole.verdict);
      EXPECT_EQ(split.executions, whole.executions);
      EXPECT_EQ(split.redundant, whole.redundant);
      EXPECT_EQ(split.steps, whole.steps);
      ASSERT_EQ(split.failure.has_value(), whole.failure.has_value());
      if (whole.failure) {
        EXPECT_EQ(split.failure->kind, whole.failure->kind);
        EXPECT_EQ(split.failure->token, whole.failure->token);
      }
    }
  }
  EXPECT_GE(compared, 20) << "the cap left too few models to compare";
  EXPECT_GE(failing, 5) << "too few failing models among them";
}

// A bound stops --jobs where it stops one thread: the same executions, redundant ones and steps.
TEST(Split, DporJobsStopAtTheExecutionBoundAsOneThreadDoes) {
  for (std::uint64_t bound : {1, 7, 50, 119}) {  // of its 120
    RunOptions one = base("dpor");
    one.max_executions = bound;
    const RunResult whole = testing::run_model("bench/lock-increments", {{"threads", 5}}, one);
    RunOptions two = one;
    two.jobs = 2;
    const RunResult split = testing::run_model("bench/lock-increments", {{"threads", 5}}, two);
    SCOPED_TRACE(bound);
    EXPECT_EQ(whole.verdict, Verdict::incomplete);
    EXPECT_EQ(split.verdict, whole.verdict);
    EXPECT_EQ(split.executions, bound);
    EXPECT_EQ(split.executions, whole.executions);
    EXPECT_EQ(split.redundant, whole.redundant);
    EXPECT_EQ(split.steps, whole.steps);
  }
}

TEST(Split, DporRefusesJobsWithShards) {
  RunOptions jobs{.strategy = "dpor"};
  jobs.jobs = 2;
  jobs.shards = 2;
  EXPECT_THROW(testing::run_model("seeds/condition-fixed", {}, jobs), InputError);
}

}  // namespace
}  // namespace lockstep
