// `--html FILE` on run and replay, and the program name in printed command lines: run as a
// user would, the files and the output checked.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/cli_runner.hpp"

namespace {

namespace fs = std::filesystem;
using lockstep::testing::lockstep_cli;

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh directory per test.
fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("lockstep_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(CliHtml, OneModelWritesTheFileNamed) {
  const fs::path dir = temp_dir("html_one");
  const fs::path page = dir / "cond.html";
  auto o = lockstep_cli("run seeds/condition --quiet --html " + page.string());
  EXPECT_EQ(o.status, 0) << o.output;
  EXPECT_NE(o.output.find("html: " + page.string() + "\n"), std::string::npos) << o.output;
  const std::string html = read_file(page);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>")) << html.substr(0, 100);
  EXPECT_NE(html.find("<h1>seeds/condition &mdash; deadlock</h1>"), std::string::npos);
}

TEST(CliHtml, SeveralModelsWriteAPagePerFailingModel) {
  const fs::path dir = temp_dir("html_many");
  auto o = lockstep_cli("run 'seeds/condition*' --quiet --html " + (dir / "out.html").string());
  EXPECT_EQ(o.status, 0) << o.output;
  EXPECT_FALSE(fs::exists(dir / "out.html"));
  EXPECT_TRUE(fs::exists(dir / "out.seeds-condition.html")) << o.output;
  EXPECT_TRUE(fs::exists(dir / "out.seeds-condition-get-blocks.html")) << o.output;
  EXPECT_FALSE(fs::exists(dir / "out.seeds-condition-fixed.html")) << "a passing model has no page";
  int pages = 0;
  for (const auto& entry : fs::directory_iterator(dir)) pages += entry.path().extension() == ".html";
  int failures = 0;
  for (auto at = o.output.find("deadlock (as expected)"); at != std::string::npos;
       at = o.output.find("deadlock (as expected)", at + 1)) {
    ++failures;
  }
  for (auto at = o.output.find("assertion (as expected)"); at != std::string::npos;
       at = o.output.find("assertion (as expected)", at + 1)) {
    ++failures;
  }
  EXPECT_EQ(pages, failures) << o.output;
}

TEST(CliHtml, ReplayDrawsTheReplayedExecution) {
  const fs::path dir = temp_dir("html_replay");
  auto run = lockstep_cli("run seeds/condition-get-blocks --quiet --json " + (dir / "r.json").string());
  ASSERT_EQ(run.status, 0) << run.output;
  const std::string json = read_file(dir / "r.json");
  const auto at = json.find("\"token\": \"") + 10;
  const std::string token = json.substr(at, json.find('"', at) - at);
  auto replay = lockstep_cli("replay seeds/condition-get-blocks " + token + " --html " + (dir / "r.html").string());
  EXPECT_EQ(replay.status, 0) << replay.output;
  const std::string html = read_file(dir / "r.html");
  EXPECT_NE(html.find("replay fail"), std::string::npos) << "the summary is the replay's";
  EXPECT_NE(html.find("data-step=\"18\""), std::string::npos);
}

// A runner's printed lines name the program as it was called (lockstep_add_runner programs).
TEST(CliProgramName, ReplayAndFoundByLinesNameTheProgram) {
  const fs::path dir = temp_dir("program");
  const fs::path runner = dir / "my_checks";
  fs::create_symlink(fs::absolute(LOCKSTEP_CLI), runner);
  const std::string command = runner.string() + " run seeds/condition-fixed --param items=1 --strategy random --seed 4";
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  ::pclose(pipe);
  EXPECT_NE(output.find("\nmy_checks replay seeds/condition-fixed "), std::string::npos) << output;
  EXPECT_NE(output.find("found by: my_checks run seeds/condition-fixed"), std::string::npos) << output;
  EXPECT_EQ(output.find("lockstep replay"), std::string::npos) << output;
}

}  // namespace
