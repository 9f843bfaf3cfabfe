// GoogleTest helpers: EXPECT_MODEL_PASSES("name", {{"items", 3}}), EXPECT_MODEL_FAILS("name", kind).
// On a mismatch the message carries the summary line and the whole failure trace.
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "lockstep/report.hpp"
#include "lockstep/run.hpp"

namespace lockstep::testing {

// Throws InputError for an unknown model, and when two models of this program share a name.
inline RunResult run_model(std::string_view name, const Params& params = {}, RunOptions options = {}) {
  check_models();
  const ModelInfo* model = find_model(name);
  if (model == nullptr) throw InputError("unknown model '" + std::string(name) + "'");
  options.params = params;
  return run(*model, options);
}

// Passes when exploration is complete and found no failure.
[[nodiscard]] inline ::testing::AssertionResult model_passes(std::string_view name, const Params& params = {},
                                                             RunOptions options = {}) {
  RunResult r = run_model(name, params, std::move(options));
  if (!r.failure && r.verdict == Verdict::pass) return ::testing::AssertionSuccess() << format_summary(r);
  return ::testing::AssertionFailure() << format_summary(r) << "\n" << format_failure(r);
}

// Passes when exploration finds a failure of exactly `kind`.
[[nodiscard]] inline ::testing::AssertionResult model_fails(std::string_view name, FailureKind kind,
                                                            const Params& params = {}, RunOptions options = {}) {
  RunResult r = run_model(name, params, std::move(options));
  if (r.failure && r.failure->kind == kind) return ::testing::AssertionSuccess() << format_summary(r);
  return ::testing::AssertionFailure() << "expected a " << display_name(kind) << " failure, got: "
                                       << format_summary(r) << "\n" << format_failure(r);
}

}  // namespace lockstep::testing

#define EXPECT_MODEL_PASSES(...) EXPECT_TRUE(::lockstep::testing::model_passes(__VA_ARGS__))
#define ASSERT_MODEL_PASSES(...) ASSERT_TRUE(::lockstep::testing::model_passes(__VA_ARGS__))
#define EXPECT_MODEL_FAILS(...) EXPECT_TRUE(::lockstep::testing::model_fails(__VA_ARGS__))
#define ASSERT_MODEL_FAILS(...) ASSERT_TRUE(::lockstep::testing::model_fails(__VA_ARGS__))
