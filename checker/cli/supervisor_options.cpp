// The flags that set up the supervisor (docs/cli.md), shared by run, replay and list.
#include "cli.hpp"
#include "interrupt.hpp"
#include "supervisor.hpp"

namespace lockstep::cli {

int interrupted_status() { return 128 + interrupted_by(); }

void add_supervisor_options(CLI::App& command, SupervisorOptions& options) {
  command
      .add_option("--hang-timeout", options.hang_timeout_s,
                  "an execution that takes no visible step for SECONDS of wall-clock time is a hang (0: never)")
      ->check(CLI::NonNegativeNumber);
  command
      .add_option("--memory-limit", options.memory_limit_mb,
                  "address space each model's process may use, in MB; beyond it: out_of_memory (0: no limit)")
      ->check(CLI::NonNegativeNumber);
}

}  // namespace lockstep::cli
