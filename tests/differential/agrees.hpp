// The regression tests' one check: dfs, bounded dfs and dpor agree on a program, and its
// failing executions replay from their tokens (differential/runner.hpp).
#pragma once

#include <gtest/gtest.h>

#include "differential/runner.hpp"

namespace lockstep::difftest {

inline ::testing::AssertionResult agrees(const Program& p, const RunnerOptions& options = {}) {
  const Verdict v = check_program(p, options);
  if (v.skipped || v.sampled) return ::testing::AssertionFailure() << "too big for dfs:\n" << print(p);
  if (v.divergence) {
    return ::testing::AssertionFailure() << v.divergence->kind << "\n  " << v.divergence->detail << "\n" << print(p);
  }
  return ::testing::AssertionSuccess() << v.dfs_executions << " dfs executions, " << v.dpor_executions << " dpor";
}

}  // namespace lockstep::difftest
