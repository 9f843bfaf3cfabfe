// Human-readable rendering of run results (the CLI and the GoogleTest helpers print it).
#pragma once

#include <string>

#include "lockstep/run.hpp"

namespace lockstep {

// "FAIL  seeds/x  items=1  deadlock (as expected)  12 executions, 0.01 s"
std::string format_summary(const RunResult& result);
// The failure: kind, message, numbered trace, blocked threads. Empty when none.
std::string format_failure(const RunResult& result);
// "items=3 consumers=2"
std::string format_params(const Params& params);

}  // namespace lockstep
