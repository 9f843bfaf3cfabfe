// --shard K/N and lockstep merge as a CI matrix uses them: four shards of every seed model,
// merged, against the whole run: the same verdicts and exit status, and for the models that
// pass the same execution totals. And merge's refusals: one line, exit 2.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli/cli_runner.hpp"

namespace {

using lockstep::testing::lockstep_cli;
using nlohmann::json;

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "lockstep_" + std::to_string(::getpid()) + "_" + name;
}

json read_json(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return json::parse(s.str());
}

// The shards' --json files of `args`.
std::string run_shards(const std::string& args, int shards, const std::string& stem, int status = 0) {
  std::string files;
  for (int k = 1; k <= shards; ++k) {
    const std::string path = temp_path(stem + std::to_string(k) + ".json");
    auto o = lockstep_cli(args + " --shard " + std::to_string(k) + "/" + std::to_string(shards) + " --json " + path);
    EXPECT_EQ(o.status, status) << o.output;
    files += " " + path;
  }
  return files;
}

TEST(CliShard, FourShardsMergedMatchTheWholeRun) {
  const std::string args = "run 'seeds/*' --strategy dfs --quiet";
  const std::string whole_path = temp_path("whole.json");
  auto whole = lockstep_cli(args + " --json " + whole_path);
  const std::string files = run_shards(args, 4, "shard");
  const std::string merged_path = temp_path("merged.json");
  const std::string junit_path = temp_path("merged.xml");
  auto merged = lockstep_cli("merge" + files + " --json " + merged_path + " --junit " + junit_path);
  EXPECT_EQ(merged.status, whole.status) << merged.output;
  const json w = read_json(whole_path);
  const json m = read_json(merged_path);
  ASSERT_EQ(w.size(), m.size());
  int passing = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    SCOPED_TRACE(w[i]["model"].get<std::string>());
    EXPECT_EQ(m[i]["model"], w[i]["model"]);
    EXPECT_EQ(m[i]["verdict"], w[i]["verdict"]);
    EXPECT_EQ(m[i]["as_expected"], w[i]["as_expected"]);
    if (w[i]["failure"].is_null()) {
      ++passing;
      EXPECT_EQ(m[i]["executions"], w[i]["executions"]);
      EXPECT_EQ(m[i]["steps"], w[i]["steps"]);
    } else {
      EXPECT_EQ(m[i]["failure"]["kind"], w[i]["failure"]["kind"]);
    }
  }
  EXPECT_GE(passing, 3);
  std::ifstream junit(junit_path);
  std::stringstream xml;
  xml << junit.rdbuf();
  EXPECT_NE(xml.str().find("tests=\"" + std::to_string(w.size()) + "\""), std::string::npos) << xml.str();
}

TEST(CliShard, MergeRefusesShardsThatAreNotOneRun) {
  const std::string a = run_shards("run seeds/condition-fixed --strategy dfs --quiet", 2, "a");
  const std::string b = run_shards("run seeds/condition-fixed --strategy bounded --quiet", 2, "b");
  const std::string a1 = a.substr(1, a.find(' ', 1) - 1);
  const std::string b2 = b.substr(b.rfind(' ') + 1);
  auto flags = lockstep_cli("merge " + a1 + " " + b2);
  EXPECT_EQ(flags.status, 2) << flags.output;
  EXPECT_NE(flags.output.find("different flags"), std::string::npos) << flags.output;
  EXPECT_EQ(std::count(flags.output.begin(), flags.output.end(), '\n'), 1) << flags.output;
  auto missing = lockstep_cli("merge " + a1);
  EXPECT_EQ(missing.status, 2) << missing.output;
  EXPECT_NE(missing.output.find("lockstep: shard 2/2 is missing"), std::string::npos) << missing.output;
  auto twice = lockstep_cli("merge" + a + " " + a1);
  EXPECT_EQ(twice.status, 2) << twice.output;
  EXPECT_NE(twice.output.find("is given twice"), std::string::npos) << twice.output;
  const std::string c = run_shards("run seeds/condition-fixed --strategy dfs --quiet --param items=1", 2, "c", 1);
  auto params = lockstep_cli("merge " + a1 + " " + c.substr(c.rfind(' ') + 1));
  EXPECT_EQ(params.status, 2) << params.output;
  EXPECT_NE(params.output.find("different parameters"), std::string::npos) << params.output;
}

// dpor's shards are sound, not exact (docs/architecture.md): the same verdicts, at least as
// many executions.
TEST(CliShard, DporShardsMergedFindWhatTheWholeRunFinds) {
  const std::string args = "run 'seeds/*' --quiet";
  const std::string whole_path = temp_path("dpor-whole.json");
  auto whole = lockstep_cli(args + " --json " + whole_path);
  const std::string merged_path = temp_path("dpor-merged.json");
  auto merged = lockstep_cli("merge" + run_shards(args, 4, "dpor") + " --json " + merged_path);
  EXPECT_EQ(merged.status, whole.status) << merged.output;
  const json w = read_json(whole_path);
  const json m = read_json(merged_path);
  ASSERT_EQ(w.size(), m.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    SCOPED_TRACE(w[i]["model"].get<std::string>());
    EXPECT_EQ(m[i]["verdict"], w[i]["verdict"]);
    if (w[i]["failure"].is_null()) {
      EXPECT_GE(m[i]["executions"].get<int>(), w[i]["executions"].get<int>());
    }
  }
}

TEST(CliShard, DporRefusesJobsWithShardsOneLineExitTwo) {
  for (const char* flag : {"--jobs 2 --shard 1/2"}) {
    auto o = lockstep_cli(std::string("run seeds/condition-fixed --quiet ") + flag);
    EXPECT_EQ(o.status, 2) << o.output;
    EXPECT_EQ(o.output.rfind("lockstep: ", 0), 0u) << o.output;
    EXPECT_NE(o.output.find("give dpor one of them"), std::string::npos) << o.output;
    EXPECT_EQ(std::count(o.output.begin(), o.output.end(), '\n'), 1) << o.output;
  }
}

// --jobs: a worker blocked in the kernel takes the process down; the supervisor still calls it
// a hang (without trace or token, docs/architecture.md). A fault stays a failure with its
// token, found on the worker's own thread.
TEST(CliJobs, AWorkerThatBlocksIsAHang) {
  auto hang = lockstep::testing::run_program(LOCKSTEP_HOSTILE_CLI, "run hostile/sleep --strategy dfs --jobs 2 --hang-timeout 0.5");
  EXPECT_EQ(hang.status, 1) << hang.output;
  EXPECT_NE(hang.output.find("hostile/sleep  hang"), std::string::npos) << hang.output;
}

TEST(CliJobs, AWorkerThatFaultsIsACrashWithItsToken) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "the fault models are left out under the sanitizers (tests/CMakeLists.txt)";
#endif
  auto crash = lockstep::testing::run_program(LOCKSTEP_TEST_CLI, "run test/crash-every-schedule --strategy dfs --jobs 2");
  EXPECT_EQ(crash.status, 0) << crash.output;  // it demonstrates a crash
  EXPECT_NE(crash.output.find("crash (as expected)"), std::string::npos) << crash.output;
  EXPECT_NE(crash.output.find("replay test/crash-every-schedule "), std::string::npos) << crash.output;
}

TEST(CliShard, BadShardValuesAreUsageErrors) {
  for (const char* v : {"0/4", "5/4", "2", "a/b", "1/0"}) {
    auto o = lockstep_cli(std::string("run seeds/condition-fixed --strategy dfs --shard ") + v);
    EXPECT_EQ(o.status, 2) << v << ": " << o.output;
  }
}

}  // namespace
