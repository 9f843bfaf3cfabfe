// The supervisor (checker/cli/supervisor.hpp) against the models no model should be
// (tests/models/hostile/, built into lockstep_hostile): each gives a report with the right
// kind, the JSON stays valid and complete, the token replays under the supervisor, and the
// run goes on with the next model. Hang timeouts are short to keep the suite fast.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using nlohmann::json;

struct Outcome {
  int status;
  std::string out;  // stdout
  std::string err;  // stderr
};

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "lockstep_supervisor_" + std::to_string(::getpid()) + "_" + name;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs lockstep_hostile with `args` (through the shell), stdout and stderr apart.
Outcome hostile(const std::string& args) {
  const std::string err = temp_path("stderr");
  const std::string command = std::string(LOCKSTEP_HOSTILE_CLI) + " " + args + " 2>" + err;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed", ""};
  std::string out;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  const int raw = ::pclose(pipe);
  Outcome o{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out, read_file(err)};
  std::remove(err.c_str());
  return o;
}

// Runs `args` with --json and returns the parsed report (an array), or fails the test.
json run_json(const std::string& args, int want_status) {
  const std::string path = temp_path("report.json");
  std::remove(path.c_str());
  const Outcome o = hostile("run " + args + " --json " + path);
  EXPECT_EQ(o.status, want_status) << args << "\n" << o.out << o.err;
  json doc = json::parse(read_file(path), nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << args << ": invalid JSON\n" << read_file(path);
  std::remove(path.c_str());
  return doc.is_discarded() ? json::array() : doc;
}

bool trace_has_thread(const json& failure, const std::string& thread) {
  for (const auto& step : failure["trace"]) {
    if (step["thread"] == thread) return true;
  }
  return false;
}

// Replays the token of `result` under the supervisor and returns the failure kind it reports.
std::string replayed_kind(const json& result, const std::string& flags = "") {
  const std::string token = result["failure"]["token"];
  const Outcome o = hostile("replay " + result["model"].get<std::string>() + " " + token + " " + flags);
  EXPECT_EQ(o.status, 1) << o.out << o.err;
  // "FAIL       hostile/x  crash  [replay fail, ...]"
  std::istringstream line(o.out);
  std::string status, model, kind;
  line >> status >> model >> kind;
  if (kind == "out") return "out_of_memory";  // "out of memory"
  return kind;
}

TEST(Supervisor, ExitInOneScheduleIsACrashWithTraceAndToken) {
  for (const int code : {0, 3}) {
    const std::string model = "hostile/exit-" + std::to_string(code);
    const json doc = run_json(model, 1);
    ASSERT_EQ(doc.size(), 1u);
    const json& f = doc[0]["failure"];
    ASSERT_TRUE(f.is_object()) << doc.dump();
    EXPECT_EQ(f["kind"], "crash");
    EXPECT_NE(f["message"].get<std::string>().find("exit()"), std::string::npos) << f["message"];
    EXPECT_NE(f["message"].get<std::string>().find("exited with status " + std::to_string(code)), std::string::npos)
        << f["message"];
    // The schedule in which b reads 0: b's load is the last step, a never ran.
    EXPECT_TRUE(trace_has_thread(f, "b")) << f.dump();
    EXPECT_FALSE(trace_has_thread(f, "a")) << f.dump();
    EXPECT_EQ(replayed_kind(doc[0]), "crash");
  }
}

TEST(Supervisor, BlockingInTheKernelIsAHang) {
  for (const char* model : {"hostile/sleep", "hostile/mutex-twice"}) {
    const auto start = std::chrono::steady_clock::now();
    const json doc = run_json(std::string(model) + " --hang-timeout 0.3", 1);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20)) << model;
    ASSERT_EQ(doc.size(), 1u);
    const json& f = doc[0]["failure"];
    ASSERT_TRUE(f.is_object()) << doc.dump();
    EXPECT_EQ(f["kind"], "hang") << model;
    EXPECT_TRUE(trace_has_thread(f, "b")) << f.dump();
    EXPECT_EQ(replayed_kind(doc[0], "--hang-timeout 0.3"), "hang") << model;
  }
}

TEST(Supervisor, TimeLimitHoldsWithinOneExecution) {
  const auto start = std::chrono::steady_clock::now();
  const json doc = run_json("hostile/sleep --hang-timeout 0 --time-limit 0.5", 3);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  ASSERT_EQ(doc.size(), 1u);
  EXPECT_EQ(doc[0]["verdict"], "incomplete") << doc.dump();
}

TEST(Supervisor, ARealThreadTouchingAPrimitiveIsACrashAndTheRunGoesOn) {
  const json doc = run_json("hostile/std-thread hostile/exit-3 --quiet", 1);
  ASSERT_EQ(doc.size(), 2u);
  EXPECT_EQ(doc[0]["model"], "hostile/std-thread");
  EXPECT_EQ(doc[0]["failure"]["kind"], "crash");
  EXPECT_NE(doc[0]["failure"]["message"].get<std::string>().find("SIGABRT"), std::string::npos) << doc[0].dump();
  EXPECT_EQ(doc[1]["model"], "hostile/exit-3");
  EXPECT_EQ(doc[1]["failure"]["kind"], "crash");
  EXPECT_EQ(replayed_kind(doc[0]), "crash");
}

TEST(Supervisor, UnderscoreExitIsACrashEvenWithoutAnExitHandler) {
  const json doc = run_json("hostile/underscore-exit hostile/prints --quiet", 1);
  ASSERT_EQ(doc.size(), 2u);
  EXPECT_EQ(doc[0]["failure"]["kind"], "crash");
  EXPECT_NE(doc[0]["failure"]["message"].get<std::string>().find("exited with status 5"), std::string::npos)
      << doc[0].dump();
  EXPECT_EQ(doc[1]["verdict"], "pass");
}

TEST(Supervisor, AForkInTheModelReportsOnce) {
  const std::string path = temp_path("fork.json");
  const Outcome o = hostile("run hostile/fork --json " + path);
  EXPECT_EQ(o.status, 0) << o.out << o.err;
  std::size_t summaries = 0;
  for (auto at = o.out.find("hostile/fork "); at != std::string::npos; at = o.out.find("hostile/fork ", at + 1)) {
    ++summaries;
  }
  EXPECT_EQ(summaries, 1u) << o.out;
  const json doc = json::parse(read_file(path));
  ASSERT_EQ(doc.size(), 1u);
  EXPECT_EQ(doc[0]["verdict"], "pass");
  std::remove(path.c_str());
}

TEST(Supervisor, TheModelsOutputStaysApartFromResultsAndJson) {
  const Outcome o = hostile("run hostile/prints hostile/exit-3");
  EXPECT_EQ(o.status, 1) << o.out;
  // Result lines start at the beginning of a line; the model's own lines come only under
  // the header, each behind "  | ".
  EXPECT_EQ(o.out.rfind("ok         hostile/prints", 0), 0u) << o.out;
  const auto header = o.out.find("  output of the model (");
  ASSERT_NE(header, std::string::npos) << o.out;
  EXPECT_NE(o.out.find("\n  | stdout of the model\n"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("\n  | stderr of the model\n"), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("\nstdout of the model"), std::string::npos) << o.out;
  EXPECT_EQ(o.err.find("of the model"), std::string::npos) << o.err;
  EXPECT_NE(o.out.find("\nFAIL       hostile/exit-3  crash"), std::string::npos) << o.out;

  const Outcome quiet = hostile("run hostile/prints --quiet");
  EXPECT_EQ(quiet.out.find("of the model"), std::string::npos) << quiet.out;
  EXPECT_EQ(std::count(quiet.out.begin(), quiet.out.end(), '\n'), 1) << quiet.out;
  EXPECT_EQ(run_json("hostile/prints --quiet", 0).size(), 1u);
}

TEST(Supervisor, MemoryLimitTurnsARunawayModelIntoAReport) {
  for (const char* model : {"hostile/allocate", "hostile/leak"}) {
    const json doc = run_json(std::string(model) + " --memory-limit 256 --quiet", 1);
    ASSERT_EQ(doc.size(), 1u);
    EXPECT_EQ(doc[0]["failure"]["kind"], "out_of_memory") << doc.dump();
    EXPECT_TRUE(trace_has_thread(doc[0]["failure"], "main")) << doc.dump();
    EXPECT_EQ(replayed_kind(doc[0], "--memory-limit 256"), "out_of_memory") << model;
  }
}

// A time limit of a few seconds: on a loaded machine (and under the sanitizers) touching
// 256 MB took over a second once, and the model that should run out of memory ran out of time.
TEST(Supervisor, RunAllGivesEveryModelAReport) {
  const json doc = run_json("--all --hang-timeout 0.3 --memory-limit 256 --time-limit 3 --quiet", 1);
  std::map<std::string, std::string> kinds;
  for (const auto& r : doc) kinds[r["model"]] = r["failure"].is_null() ? r["verdict"] : r["failure"]["kind"];
  const std::map<std::string, std::string> want = {
      {"hostile/allocate", "out_of_memory"}, {"hostile/exit-0", "crash"},     {"hostile/exit-3", "crash"},
      {"hostile/exit-at-once", "crash"},     {"hostile/fork", "pass"},        {"hostile/leak", "out_of_memory"},
      {"hostile/mutex-twice", "hang"},       {"hostile/prints", "pass"},      {"hostile/sleep", "hang"},
      {"hostile/slow", "incomplete"},        {"hostile/std-thread", "crash"}, {"hostile/underscore-exit", "crash"}};
  EXPECT_EQ(kinds, want) << doc.dump(1);
}

TEST(Supervisor, ListNeitherHangsNorDiesNorPrintsInvalidJson) {
  const Outcome o = hostile("list --json --hang-timeout 0.3 --memory-limit 256");
  EXPECT_EQ(o.status, 0) << o.err;
  const json doc = json::parse(o.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << o.out;
  EXPECT_EQ(doc.size(), 12u);
  for (const auto& m : doc) {
    if (m["name"] == "hostile/exit-at-once") {
      EXPECT_NE(m["params_unknown"].get<std::string>().find("exited with status 3"), std::string::npos) << m.dump();
    }
    if (m["name"] == "hostile/slow") {
      EXPECT_EQ(m["params"]["n"], 100000) << m.dump();
    }
  }
  const Outcome text = hostile("list --hang-timeout 0.3 --memory-limit 256");
  EXPECT_EQ(text.status, 0);
  EXPECT_EQ(std::count(text.out.begin(), text.out.end(), '\n'), 12) << text.out;
}

// Starts lockstep_hostile with `args`, stdout into `out_path`; its pid.
pid_t spawn(const std::vector<std::string>& args, const std::string& out_path) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, STDOUT_FILENO);
    std::vector<char*> argv{const_cast<char*>(LOCKSTEP_HOSTILE_CLI)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(LOCKSTEP_HOSTILE_CLI, argv.data());
    ::_exit(127);
  }
  return pid;
}

TEST(Supervisor, InterruptWritesTheFinishedModelsAndExitsWithTheSignal) {
  for (const int signal : {SIGINT, SIGTERM}) {
    const std::string json_path = temp_path("interrupted.json");
    const std::string out_path = temp_path("interrupted.out");
    const pid_t pid =
        spawn({"run", "hostile/prints", "hostile/slow", "hostile/exit-3", "--quiet", "--json", json_path}, out_path);
    // Halfway: hostile/prints has been reported, hostile/slow explores for hours.
    for (int i = 0; i < 200 && read_file(out_path).find("hostile/prints") == std::string::npos; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ::kill(pid, signal);
    int raw = 0;
    ::waitpid(pid, &raw, 0);
    ASSERT_TRUE(WIFEXITED(raw));
    EXPECT_EQ(WEXITSTATUS(raw), 128 + signal);
    const json doc = json::parse(read_file(json_path), nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << read_file(json_path);
    ASSERT_EQ(doc.size(), 2u) << doc.dump();
    EXPECT_EQ(doc[0]["model"], "hostile/prints");
    EXPECT_EQ(doc[0]["verdict"], "pass");
    EXPECT_EQ(doc[1]["model"], "hostile/slow");
    EXPECT_EQ(doc[1]["verdict"], "incomplete");
    EXPECT_GT(doc[1]["executions"].get<int>(), 0);
    EXPECT_NE(read_file(out_path).find("interrupted by SIG"), std::string::npos) << read_file(out_path);
    std::remove(json_path.c_str());
    std::remove(out_path.c_str());
  }
}

}  // namespace
