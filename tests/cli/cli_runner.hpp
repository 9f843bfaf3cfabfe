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

inline CliOutcome lockstep_cli(const std::string& args) {
  std::string command = std::string(LOCKSTEP_CLI) + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  int raw = ::pclose(pipe);
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, output};
}

}  // namespace lockstep::testing
