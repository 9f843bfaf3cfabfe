// Runs the built `lockstep` program (its path comes in as LOCKSTEP_CLI) the way a user's
// shell does, capturing its exit status and everything it printed.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace lockstep::testing {

struct CliOutcome {
  int status;
  std::string output;  // stdout and stderr
};

// Runs a shell command line; `output` is what it writes to its standard output.
inline CliOutcome run_shell(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  int raw = ::pclose(pipe);
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, output};
}

// Runs `program args` through the shell, stdout and stderr captured together.
inline CliOutcome run_program(const std::string& program, const std::string& args) {
  return run_shell(program + " " + args + " 2>&1");
}

inline CliOutcome lockstep_cli(const std::string& args) { return run_program(LOCKSTEP_CLI, args); }

#ifdef LOCKSTEP_TEST_CLI
// The lockstep program with the test models (tests/models/) registered too.
inline CliOutcome lockstep_test_cli(const std::string& args) { return run_program(LOCKSTEP_TEST_CLI, args); }
#endif

}  // namespace lockstep::testing
