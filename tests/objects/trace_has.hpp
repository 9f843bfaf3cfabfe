// For tests of the primitives: does a failure's trace hold a step of `thread` described as `op`?
#pragma once

#include <string>

#include "lockstep/run.hpp"

namespace lockstep::testing {

inline bool trace_has(const RunResult& r, const std::string& thread, const std::string& op) {
  if (!r.failure) return false;
  for (const auto& s : r.failure->trace) {
    if (s.thread == thread && s.op == op) return true;
  }
  return false;
}

}  // namespace lockstep::testing
