// The lockstep program attacked as a hostile user would (issue 16): every bad flag value
// refused up front with one line, reports written whole or not at all and never hiding the
// verdict, bytes that are not UTF-8, write errors on stdout, duplicate model names, replay
// tokens from files and standard input, and a 1,000,000-step execution replayed from its
// printed line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli/cli_runner.hpp"

namespace {

using lockstep::testing::lockstep_cli;
using lockstep::testing::lockstep_test_cli;
using lockstep::testing::run_program;
using lockstep::testing::run_shell;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// A fresh directory for one test's files.
std::string temp_dir(const std::string& name) {
  const auto dir =
      std::filesystem::path(::testing::TempDir()) / ("lockstep_hardening_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string() + "/";
}

std::size_t files_in(const std::string& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
}

// Whether python3's XML parser accepts the file (the JUnit consumers are as strict).
bool xml_parses(const std::string& path) {
  return run_shell("python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' " + path + " 2>&1")
             .status == 0;
}

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// The printed replay line without its program, which names itself (lockstep_test_cli here).
std::string replay_args(const std::string& output) {
  const std::string program = "lockstep_test_cli ";
  const auto at = output.find(program + "replay ");
  if (at == std::string::npos) return "";
  const auto from = at + program.size();
  return output.substr(from, output.find('\n', at) - from);
}

struct Misuse {
  std::string args;
  std::string reason;  // what the one line must say
};

TEST(CliMisuse, EveryBadFlagValueExitsTwoWithOneLineSayingWhy) {
  const std::string dir = temp_dir("misuse");
  const std::string json = dir + "out.json";
  const Misuse cases[] = {
      {"--time-limit nan", "--time-limit: 'nan' is not a number of seconds above 0 and at most 1000000000"},
      {"--time-limit -1", "--time-limit: '-1' is out of range"},
      {"--time-limit 1e999", "at most 1000000000 ("},
      {"--max-executions -1", "--max-executions: '-1' is not a whole number from 0 to 18446744073709551615"},
      {"--seed -1", "--seed: '-1' is not a whole number"},
      {"--seed 18446744073709551616", "--seed: '18446744073709551616' is too large"},
      {"--max-executions 99999999999999999999999", "is too large: it must be a whole number from 0 to"},
      {"--max-steps 0", "--max-steps: '0' is too small: it must be a whole number from 1 to 16777216"},
      {"--max-steps 16777217", "--max-steps: '16777217' is too large"},
      {"--max-steps 1e400", "--max-steps: '1e400' is not a whole number"},
      {"--preemptions -2", "--preemptions: '-2' is not a whole number from 0 to 1000"},
      {"--seed 1 --seed 2", "--seed"},
      {"--param items=1 --param items=2", "--param items is given twice (items=1 and items=2)"},
      {"--param items=99999999999", "--param items: '99999999999' is out of range"},
      {"--json ''", "--json needs a file name, got an empty one"},
      {"--junit ''", "--junit needs a file name, got an empty one"},
      {"--json " + json + " --junit " + json, "--json and --junit name the same file"},
      {"--json " + json + " --junit " + dir + "./out.json", "--json and --junit name the same file"},
      {"--json " + dir + "no/such/dir/x.json", "cannot write in " + dir + "no/such/dir"},
      {"--json " + dir, "is a directory"},
  };
  for (const Misuse& m : cases) {
    auto o = lockstep_cli("run seeds/condition-fixed " + m.args);
    EXPECT_EQ(o.status, 2) << m.args << "\n" << o.output;
    EXPECT_EQ(o.output.find("lockstep: "), 0u) << m.args << "\n" << o.output;
    EXPECT_EQ(lines(o.output), 1u) << m.args << "\n" << o.output;
    EXPECT_NE(o.output.find(m.reason), std::string::npos) << m.args << "\n" << o.output;
    EXPECT_LT(o.output.size(), 200u) << m.args << "\n" << o.output;  // no 309-digit bound
  }
  EXPECT_EQ(files_in(dir), 0u);  // nothing written, not even a half report
}

TEST(CliMisuse, AParamTakesOneValueAndLeavesTheModelName) {
  auto o = lockstep_cli("run --param items=1 seeds/condition-fixed --quiet");
  EXPECT_EQ(o.status, 1) << o.output;
  EXPECT_NE(o.output.find("FAIL       seeds/condition-fixed  consumers=2 items=1  deadlock"), std::string::npos)
      << o.output;
}

TEST(CliMisuse, EveryModelsParametersAreCheckedBeforeAnyModelRuns) {
  const std::string dir = temp_dir("params_first");
  // condition-fixed takes items; condition-skip, listed second, does not.
  auto o = lockstep_cli("run seeds/condition-fixed seeds/condition-skip --param items=1 --json " + dir + "r.json");
  EXPECT_EQ(o.status, 2) << o.output;
  EXPECT_EQ(o.output, "lockstep: model seeds/condition-skip has no parameter 'items' (it takes none)\n");
  EXPECT_EQ(files_in(dir), 0u);
}

TEST(CliMisuse, AnUnwritableReportIsRefusedBeforeExploring) {
  auto o = lockstep_cli("run seeds/condition-fixed --json /nonexistent-dir/r.json");
  EXPECT_EQ(o.status, 2) << o.output;
  EXPECT_EQ(o.output.find("seeds/condition-fixed  consumers"), std::string::npos) << o.output;  // nothing ran
}

TEST(CliMisuse, DuplicateModelNamesAreRefusedAtStartupNamingBothPlaces) {
  for (const char* args : {"list", "run dup/other", "run --all"}) {
    auto o = run_program(LOCKSTEP_DUPLICATE_MODELS_CLI, args);
    EXPECT_EQ(o.status, 2) << args << "\n" << o.output;
    EXPECT_EQ(o.output,
              "lockstep: model 'dup/model' is registered twice: tests/cli/duplicate_models.cpp:7 and "
              "tests/cli/duplicate_models.cpp:9\n")
        << args;
  }
}

TEST(CliReports, AReportThatCannotBeWrittenHidesNeitherTheOtherReportNorTheVerdict) {
  const std::string dir = temp_dir("dev_full");
  // An unexpected failure: the verdict (1) wins over the write error (2).
  auto failing = lockstep_cli("run seeds/condition-fixed --param items=1 --json /dev/full --junit " + dir + "r.xml");
  EXPECT_EQ(failing.status, 1) << failing.output;
  EXPECT_NE(failing.output.find("lockstep: cannot write /dev/full: No space left on device"), std::string::npos)
      << failing.output;
  EXPECT_TRUE(xml_parses(dir + "r.xml"));
  EXPECT_NE(read_file(dir + "r.xml").find("failures=\"1\""), std::string::npos);
  // A success whose report is lost is not a success.
  auto passing = lockstep_cli("run seeds/condition-fixed --junit /dev/full --json " + dir + "r.json");
  EXPECT_EQ(passing.status, 2) << passing.output;
  EXPECT_EQ(nlohmann::json::parse(read_file(dir + "r.json"))[0]["verdict"], "pass");
  // So is an incomplete one: 2 over 3.
  auto bounded = lockstep_cli("run seeds/condition-fixed --max-executions 1 --json /dev/full");
  EXPECT_EQ(bounded.status, 2) << bounded.output;
}

TEST(CliReports, AFullDiskLeavesTheReportThatWasThereIntact) {
  const std::string dir = temp_dir("full_disk");
  const std::string old_report = "[\n  {\"model\": \"from an earlier run\"}\n]\n";
  write_file(dir + "r.json", old_report);
  // A file size limit of 1 block stands for a full disk: the new report (a trace of 18
  // steps, several KiB) cannot be written whole.
  auto o = run_shell("ulimit -f 1; " + std::string(LOCKSTEP_CLI) +
                     " run seeds/condition-fixed --param items=1 --json " + dir + "r.json 2>&1");
  EXPECT_EQ(o.status, 1) << o.output;
  EXPECT_NE(o.output.find("lockstep: cannot write " + dir +
                          "r.json: File too large (a file that was there is left as it was)"),
            std::string::npos)
      << o.output;
  EXPECT_EQ(read_file(dir + "r.json"), old_report);
  EXPECT_EQ(files_in(dir), 1u);  // no temporary file left behind
  // Without the limit the same run replaces it whole.
  auto again = lockstep_cli("run seeds/condition-fixed --param items=1 --json " + dir + "r.json");
  EXPECT_EQ(again.status, 1);
  EXPECT_EQ(nlohmann::json::parse(read_file(dir + "r.json"))[0]["failure"]["kind"], "deadlock");
  EXPECT_EQ(files_in(dir), 1u);
}

TEST(CliReports, WriteErrorsOnStdoutAreReported) {
  for (const char* args : {"run --all --quiet", "run seeds/condition-fixed --param items=1", "list"}) {
    auto o = run_shell(std::string(LOCKSTEP_CLI) + " " + args + " 2>&1 >/dev/full");
    EXPECT_NE(o.status, 0) << args;
    EXPECT_EQ(o.status, std::string(args).find("items=1") != std::string::npos ? 1 : 2) << args;
    EXPECT_EQ(o.output, "lockstep: cannot write the results to standard output: No space left on device\n") << args;
  }
}

TEST(CliReports, BytesThatAreNotUtf8GiveValidJsonAndJunit) {
  const std::string dir = temp_dir("utf8");
  auto o = lockstep_test_cli("run test/invalid-utf8 --json " + dir + "r.json --junit " + dir + "r.xml");
  EXPECT_EQ(o.status, 0) << o.output;
  const auto doc = nlohmann::json::parse(read_file(dir + "r.json"));  // throws on invalid UTF-8
  const std::string message = doc[0]["failure"]["message"];
  EXPECT_EQ(message, "message \xef\xbf\xbd( and \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd and <&>\x1b[31m");
  EXPECT_EQ(doc[0]["failure"]["trace"][0]["object"], "bad\xef\xbf\xbd\xef\xbf\xbd name\x01");
  EXPECT_TRUE(xml_parses(dir + "r.xml")) << read_file(dir + "r.xml");
  auto alone = lockstep_test_cli("run test/invalid-utf8 --junit " + dir + "alone.xml");
  EXPECT_EQ(alone.status, 0) << alone.output;
  EXPECT_TRUE(xml_parses(dir + "alone.xml")) << read_file(dir + "alone.xml");
}

TEST(CliReplay, ATokenComesFromAFileOrStandardInput) {
  const std::string dir = temp_dir("token_file");
  auto run = lockstep_cli("run seeds/condition-fixed --param items=1 --json " + dir + "r.json");
  ASSERT_EQ(run.status, 1) << run.output;
  const std::string token = nlohmann::json::parse(read_file(dir + "r.json"))[0]["failure"]["token"];
  write_file(dir + "token.txt", "\n  " + token + "\n\n");
  for (const std::string& args :
       {"@" + dir + "token.txt", "--token-file " + dir + "token.txt", "- < " + dir + "token.txt"}) {
    auto o = lockstep_cli("replay seeds/condition-fixed " + args);
    EXPECT_EQ(o.status, 1) << args << "\n" << o.output;
    EXPECT_NE(o.output.find("FAIL       seeds/condition-fixed  consumers=2 items=1  deadlock  [replay fail"),
              std::string::npos)
        << args << "\n"
        << o.output;
  }
  write_file(dir + "empty.txt", " \n");
  const Misuse refused[] = {
      {"@" + dir + "missing.txt", "cannot read the token file " + dir + "missing.txt: No such file or directory"},
      {"--token-file " + dir + "empty.txt", "the token file " + dir + "empty.txt holds no token"},
      {"- < /dev/null", "standard input holds no token"},
      {token + " --token-file " + dir + "token.txt", "replay takes a token, @FILE, - (standard input) or --token-file"},
      {"", "replay takes a token"},
  };
  for (const Misuse& m : refused) {
    auto o = lockstep_cli("replay seeds/condition-fixed " + m.args);
    EXPECT_EQ(o.status, 2) << m.args << "\n" << o.output;
    EXPECT_EQ(lines(o.output), 1u) << m.args << "\n" << o.output;
    EXPECT_NE(o.output.find(m.reason), std::string::npos) << m.args << "\n" << o.output;
  }
}

TEST(CliReplay, AVersion2TokenStillReplays) {
  // Printed by the lockstep before run-length encoding (docs/cli.md of that time).
  auto o = lockstep_cli(
      "replay seeds/condition-get-blocks "
      "AhpzZWVkcy9jb25kaXRpb24tZ2V0LWJsb2NrcwAAoI0GAQ8CDgICAgIEDAQEBAQGCAYIBggGCAAHAgYCAgICBATJ_a26");
  EXPECT_EQ(o.status, 0) << o.output;
  EXPECT_NE(o.output.find("deadlock (as expected)  [replay fail, 1 executions, 18 steps"), std::string::npos)
      << o.output;
}

// A 1,000,000-step execution: its replay line works as printed. With dpor the two threads
// take turns (a token of a few dozen characters); a random schedule has no cycle, so its
// token (about 860 KB) goes to a file that the replay line names.
TEST(CliReplay, AMillionStepExecutionReplaysFromItsPrintedLine) {
  for (const char* strategy : {"dpor", "random --seed 1"}) {
    auto run =
        lockstep_test_cli(std::string("run test/endless-turns --max-steps 1000000 --quiet --strategy ") + strategy);
    ASSERT_EQ(run.status, 1) << run.output;
    EXPECT_NE(run.output.find("  livelock  ["), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("1000000 steps"), std::string::npos) << run.output;
    const std::string args = replay_args(run.output);
    ASSERT_FALSE(args.empty()) << run.output;
    EXPECT_LT(args.size(), 8192u) << strategy;
    std::string token = args.substr(args.rfind(' ') + 1);
    const bool in_file = args.find("--token-file ") != std::string::npos;
    if (in_file) token = read_file(token);
    std::cout << strategy << ": token of " << token.size() << " characters" << (in_file ? " (in a file)\n" : "\n");
    EXPECT_EQ(in_file, std::string(strategy) != "dpor") << args;
    auto replay = lockstep_test_cli(args);
    EXPECT_EQ(replay.status, 1) << replay.output;
    EXPECT_NE(replay.output.find("livelock  [replay fail, 1 executions, 1000000 steps"), std::string::npos)
        << replay.output;
    EXPECT_NE(replay.output.find("livelock: threads only spin (yield, sleep, poll in vain or time out): after 1000000 steps"), std::string::npos)
        << replay.output;
  }
}

}  // namespace
