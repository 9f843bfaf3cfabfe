// GoogleTest helpers: EXPECT_MODEL_PASSES("name", {{"items", 3}}), EXPECT_MODEL_FAILS("name", kind).
// A mismatch is a failed assertion at the line of the macro whose message is what the
// lockstep command line prints for the run (summary, trace, blocked threads, replay line);
// an unknown model or parameter is a failed assertion too, not an exception.
//
// The replay line names LOCKSTEP_REPLAY_PROGRAM: lockstep_add_runner(name models...)
// (cmake/lockstep.cmake) defines it as `name` for every program linking those models;
// "lockstep" otherwise.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "lockstep/report.hpp"
#include "lockstep/run.hpp"

#ifndef LOCKSTEP_REPLAY_PROGRAM
#define LOCKSTEP_REPLAY_PROGRAM "lockstep"
#endif

namespace lockstep::testing {

namespace detail {

// "unknown model 'x' (this program has: a, b, ...)". Out of line: it is the rare path.
[[noreturn, gnu::noinline, gnu::cold]] inline void unknown_model(std::string_view name) {
  std::string known;
  std::size_t listed = 0;
  for (const ModelInfo* m : models()) {
    if (++listed > 8) {
      known += ", ...";
      break;
    }
    known += (known.empty() ? "" : ", ") + std::string(m->name);
  }
  throw InputError("unknown model '" + std::string(name) + "' (this program has: " + known + ")");
}

}  // namespace detail

// Runs the registered model `name`; throws InputError for an unknown model or parameter,
// and when two models of this program share a name.
inline RunResult run_model(std::string_view name, const Params& params = {}, RunOptions options = {}) {
  check_models();
  const ModelInfo* model = find_model(name);
  if (model == nullptr) detail::unknown_model(name);
  options.params = params;
  return run(*model, options);
}

namespace detail {

// "an assertion", "a deadlock".
inline std::string with_article(FailureKind kind) {
  const std::string_view name = display_name(kind);
  const bool vowel = !name.empty() && std::string_view("aeiou").find(name.front()) != std::string_view::npos;
  return std::string(vowel ? "an " : "a ") + std::string(name);
}

// What `lockstep run` prints for the result.
inline std::string cli_text(const RunResult& r, std::string_view program) {
  return format_summary(r) + "\n" + format_failure(r, program);
}

}  // namespace detail

// The checks, printing replay lines for `program`. The macros below use LOCKSTEP_REPLAY_PROGRAM.
struct ModelCheck {
  std::string_view program = kDefaultProgram;

  // Passes when exploration is complete and found no failure.
  [[nodiscard]] ::testing::AssertionResult passes(std::string_view name, const Params& params = {},
                                                  RunOptions options = {}) const {
    try {
      RunResult r = run_model(name, params, std::move(options));
      if (!r.failure && r.verdict == Verdict::pass) return ::testing::AssertionSuccess() << format_summary(r);
      return ::testing::AssertionFailure() << "expected " << name << " to pass\n" << detail::cli_text(r, program);
    } catch (const InputError& e) {
      return ::testing::AssertionFailure() << "lockstep: " << e.what();
    }
  }

  // Passes when exploration finds a failure of exactly `kind`.
  [[nodiscard]] ::testing::AssertionResult fails(std::string_view name, FailureKind kind, const Params& params = {},
                                                 RunOptions options = {}) const {
    try {
      RunResult r = run_model(name, params, std::move(options));
      if (r.failure && r.failure->kind == kind) return ::testing::AssertionSuccess() << format_summary(r);
      ::testing::AssertionResult out = ::testing::AssertionFailure();
      out << "expected " << name << " to fail with " << detail::with_article(kind) << "; ";
      if (r.failure) {
        out << "it failed with " << detail::with_article(r.failure->kind) << " instead";
      } else if (r.verdict == Verdict::incomplete) {
        out << "no failure was found before a bound stopped exploration";
      } else {
        out << "every execution passed";
      }
      return out << "\n" << detail::cli_text(r, program);
    } catch (const InputError& e) {
      return ::testing::AssertionFailure() << "lockstep: " << e.what();
    }
  }
};

[[nodiscard]] inline ::testing::AssertionResult model_passes(std::string_view name, const Params& params = {},
                                                             RunOptions options = {}) {
  return ModelCheck{}.passes(name, params, std::move(options));
}

[[nodiscard]] inline ::testing::AssertionResult model_fails(std::string_view name, FailureKind kind,
                                                            const Params& params = {}, RunOptions options = {}) {
  return ModelCheck{}.fails(name, kind, params, std::move(options));
}

}  // namespace lockstep::testing

// GTEST_ASSERT_ (what EXPECT_PRED_FORMAT uses) prints the message alone, not "Value of: ...".
#define EXPECT_MODEL_PASSES(...)                                                                         \
  GTEST_ASSERT_(::lockstep::testing::ModelCheck{LOCKSTEP_REPLAY_PROGRAM}.passes(__VA_ARGS__), \
                GTEST_NONFATAL_FAILURE_)
#define ASSERT_MODEL_PASSES(...) \
  GTEST_ASSERT_(::lockstep::testing::ModelCheck{LOCKSTEP_REPLAY_PROGRAM}.passes(__VA_ARGS__), GTEST_FATAL_FAILURE_)
#define EXPECT_MODEL_FAILS(...) \
  GTEST_ASSERT_(::lockstep::testing::ModelCheck{LOCKSTEP_REPLAY_PROGRAM}.fails(__VA_ARGS__), GTEST_NONFATAL_FAILURE_)
#define ASSERT_MODEL_FAILS(...) \
  GTEST_ASSERT_(::lockstep::testing::ModelCheck{LOCKSTEP_REPLAY_PROGRAM}.fails(__VA_ARGS__), GTEST_FATAL_FAILURE_)
