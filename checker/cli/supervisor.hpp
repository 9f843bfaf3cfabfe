// Explores one model in a child process (child_process.hpp) and turns whatever became of
// that child into a RunResult: its own report, or, when it died, exceeded a limit or was
// interrupted, a failure (`crash`, `hang`, `out_of_memory`) with the trace so far and a
// token that replays it, or an `incomplete` verdict. `list` finds a model's parameters the
// same way. docs/architecture.md, "The supervisor", has the design.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "lockstep/run.hpp"

namespace lockstep::cli {

struct SupervisorOptions {
  double hang_timeout_s = 10;            // --hang-timeout: no step for this long is a hang; 0: none
  std::uint64_t memory_limit_mb = 4096;  // --memory-limit: address space of the child; 0: none
};

struct Supervised {
  RunResult result;
  std::string output;  // what the model printed (kept up to child_process.hpp's kOutputKept)
  std::size_t output_dropped = 0;
  bool interrupted = false;  // SIGINT or SIGTERM stopped it: result is `incomplete`
};

// Throws InputError as run() does (unknown parameter, bad token).
Supervised supervise_run(const ModelInfo& model, const RunOptions& options, const SupervisorOptions& supervision);

// The model's parameters with their defaults (model_params() in a child), or why they
// could not be found ("the model exited with status 3 ...").
std::variant<std::vector<ParamInfo>, std::string> supervise_params(const ModelInfo& model,
                                                                   const SupervisorOptions& supervision);

// The model's output for the terminal: a header line, then each line indented behind "| ".
// Empty when it printed nothing.
std::string format_model_output(const Supervised& supervised);
// "  interrupted by SIGINT: ..." for an interrupted model; empty otherwise.
std::string format_interruption(const Supervised& supervised);

}  // namespace lockstep::cli
