// The lockstep program's replay, --json, --junit, list --json, --time-limit and progress:
// run as a user would, exit statuses and files checked.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli/cli_runner.hpp"

namespace {

using lockstep::testing::lockstep_cli;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "lockstep_" + std::to_string(::getpid()) + "_" + name;
}

// The "lockstep replay MODEL TOKEN" line of a run's output.
std::string replay_line(const std::string& output) {
  const auto at = output.find("lockstep replay ");
  if (at == std::string::npos) return "";
  return output.substr(at, output.find('\n', at) - at);
}

TEST(CliReplay, TheReplayLineReproducesTheFailure) {
  auto run = lockstep_cli("run seeds/condition-get-blocks");
  ASSERT_EQ(run.status, 0) << run.output;
  const std::string line = replay_line(run.output);
  ASSERT_FALSE(line.empty()) << run.output;
  auto replay = lockstep_cli(line.substr(std::string("lockstep ").size()) + " --trace");
  EXPECT_EQ(replay.status, 0) << replay.output;
  EXPECT_NE(replay.output.find("deadlock (as expected)"), std::string::npos) << replay.output;
  // The same numbered trace and blocked threads, line for line.
  const auto trace = run.output.substr(run.output.find("  trace ("));
  const auto again = replay.output.substr(replay.output.find("  trace ("));
  EXPECT_EQ(again, trace);
  auto brief = lockstep_cli(line.substr(std::string("lockstep ").size()));
  EXPECT_NE(brief.output.find("steps (--trace prints them)"), std::string::npos) << brief.output;
  EXPECT_EQ(brief.output.find("#1 "), std::string::npos) << brief.output;
}

TEST(CliReplay, BadTokensExitTwoWithOneLine) {
  auto run = lockstep_cli("run seeds/condition-skip");
  const std::string line = replay_line(run.output);
  ASSERT_FALSE(line.empty());
  const std::string token = line.substr(line.rfind(' ') + 1);
  for (const std::string& args :
       {std::string("replay seeds/condition-skip garbage"), "replay seeds/condition-skip " + token.substr(0, 20),
        "replay seeds/condition " + token, "replay seeds/condition-skip " + token + " --param items=2",
        "replay no/such-model " + token, std::string("replay seeds/condition-skip"),
        "replay seeds/condition-skip " + token.substr(0, 10) + "zz" + token.substr(12)}) {
    auto o = lockstep_cli(args);
    EXPECT_EQ(o.status, 2) << args << "\n" << o.output;
    EXPECT_EQ(o.output.find("lockstep: "), 0u) << args << "\n" << o.output;
    EXPECT_EQ(std::count(o.output.begin(), o.output.end(), '\n'), 1) << args << "\n" << o.output;
  }
}

TEST(CliReplay, AnUnexpectedFailureReplaysWithExitOne) {
  auto run = lockstep_cli("run seeds/condition-fixed --param items=1");
  ASSERT_EQ(run.status, 1);
  auto replay = lockstep_cli(replay_line(run.output).substr(std::string("lockstep ").size()));
  EXPECT_EQ(replay.status, 1) << replay.output;
  EXPECT_NE(replay.output.find("consumers=2 items=1"), std::string::npos) << replay.output;
}

TEST(CliRandom, PrintsTheSeedAndTheToken) {
  auto o = lockstep_cli("run seeds/condition-skip --strategy random --seed 5");
  EXPECT_EQ(o.status, 0) << o.output;
  EXPECT_NE(o.output.find("found by: lockstep run seeds/condition-skip --strategy random --seed 5"), std::string::npos)
      << o.output;
  EXPECT_FALSE(replay_line(o.output).empty());
  auto passing = lockstep_cli("run seeds/condition-fixed --strategy random --seed 5 --max-executions 50");
  EXPECT_EQ(passing.status, 3) << passing.output;
  EXPECT_NE(passing.output.find("50 executions"), std::string::npos) << passing.output;
}

TEST(CliJson, WritesOneObjectPerModelRun) {
  const std::string path = temp_path("out.json");
  auto o = lockstep_cli("run 'seeds/condition*' --quiet --json " + path);
  EXPECT_EQ(o.status, 0) << o.output;
  const auto doc = nlohmann::json::parse(read_file(path));
  ASSERT_TRUE(doc.is_array());
  EXPECT_EQ(doc.size(), static_cast<std::size_t>(std::count(o.output.begin(), o.output.end(), '\n')));
  for (const auto& r : doc) {
    EXPECT_TRUE(r["as_expected"].get<bool>()) << r.dump();
    if (!r["failure"].is_null()) {
      EXPECT_FALSE(r["failure"]["token"].get<std::string>().empty());
      EXPECT_EQ(r["failure"]["kind"], r["expected"]);
    }
  }
  std::remove(path.c_str());
}

TEST(CliJunit, WritesATestcasePerModelRun) {
  const std::string path = temp_path("out.xml");
  auto o = lockstep_cli("run seeds/condition-fixed seeds/condition --quiet --junit " + path);
  EXPECT_EQ(o.status, 0) << o.output;
  const std::string xml = read_file(path);
  EXPECT_EQ(xml.rfind("<?xml", 0), 0u) << xml;
  std::size_t testcases = 0;
  for (auto at = xml.find("<testcase "); at != std::string::npos; at = xml.find("<testcase ", at + 1)) ++testcases;
  EXPECT_EQ(testcases, 2u);
  EXPECT_NE(xml.find("failures=\"0\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("lockstep replay seeds/condition "), std::string::npos) << xml;
  std::remove(path.c_str());
}

TEST(CliJson, AnUnwritableFileIsAnInputErrorFoundBeforeExploring) {
  auto o = lockstep_cli("run seeds/condition-fixed --json /no/such/dir/out.json");
  EXPECT_EQ(o.status, 2) << o.output;
  EXPECT_EQ(o.output, "lockstep: --json /no/such/dir/out.json: cannot write in /no/such/dir: No such file or directory\n");
}

TEST(CliList, JsonListsEveryModel) {
  auto o = lockstep_cli("list --json");
  EXPECT_EQ(o.status, 0);
  const auto doc = nlohmann::json::parse(o.output);
  bool found = false;
  for (const auto& m : doc) found |= m["name"] == "seeds/condition-fixed" && m["params"]["items"] == 2;
  EXPECT_TRUE(found) << o.output;
}

TEST(CliTimeLimit, StopsWithExitThree) {
  auto o = lockstep_cli("run seeds/mydata-fixed --param items=5 --strategy dfs --time-limit 0.3");
  EXPECT_EQ(o.status, 3) << o.output;
  EXPECT_NE(o.output.find("INCOMPLETE"), std::string::npos) << o.output;
}

TEST(CliProgress, IsSilentWhenStderrIsNotATerminal) {
  auto o = lockstep_cli("run seeds/mydata-fixed --param items=4 --strategy dfs --time-limit 0.5");
  EXPECT_EQ(o.output.find("executions/s"), std::string::npos);
  EXPECT_EQ(o.output.find('\r'), std::string::npos) << o.output;
  EXPECT_EQ(std::count(o.output.begin(), o.output.end(), '\n'), 1) << o.output;
}

}  // namespace
