// What the supervisor costs per model: wall-clock time of exploring a small model in-process
// (lockstep::run) and in a supervised child process (the CLI's supervise_run: fork, pipes,
// shared mapping, wait, CBOR result), the difference being the supervisor's price per model.
// Run as build/tests/bench/lockstep_supervisor_bench [rounds] (docs/performance.md).
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <lockstep/run.hpp>
#include <string>

#include "supervisor.hpp"

namespace {

using Clock = std::chrono::steady_clock;

template <typename F>
double microseconds_per_run(int rounds, F&& explore) {
  double best = 1e300;
  for (int repetition = 0; repetition < 5; ++repetition) {  // the least disturbed of five
    const auto start = Clock::now();
    for (int i = 0; i < rounds; ++i) explore();
    best = std::min(best, std::chrono::duration<double, std::micro>(Clock::now() - start).count() / rounds);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 200;
  fmt::print("{:<28} {:>12} {:>14} {:>12}\n", "model (executions)", "in-process", "supervised", "difference");
  for (const char* name : {"seeds/condition", "seeds/condition-fixed", "seeds/mydata-fixed"}) {
    const lockstep::ModelInfo* model = lockstep::find_model(name);
    if (model == nullptr) continue;
    const lockstep::RunOptions options;
    const std::uint64_t executions = lockstep::run(*model, options).executions;
    const double in_process = microseconds_per_run(rounds, [&] { (void)lockstep::run(*model, options); });
    const double supervised =
        microseconds_per_run(rounds, [&] { (void)lockstep::cli::supervise_run(*model, options, {}); });
    fmt::print("{:<28} {:>9.1f} us {:>11.1f} us {:>9.1f} us\n", fmt::format("{} ({})", name, executions), in_process,
               supervised, supervised - in_process);
  }
  return 0;
}
