#include "lockstep/failure.hpp"

#include <array>

#include "lockstep/run.hpp"

namespace lockstep {
namespace {

struct KindName {
  FailureKind kind;
  std::string_view id;
  std::string_view display;
};

constexpr std::array kNames{
    KindName{FailureKind::assertion, "assertion", "assertion"},
    KindName{FailureKind::deadlock, "deadlock", "deadlock"},
    KindName{FailureKind::model_misuse, "model_misuse", "model misuse"},
    KindName{FailureKind::uncaught_exception, "uncaught_exception", "uncaught exception"},
    KindName{FailureKind::data_race, "data_race", "data race"},
    KindName{FailureKind::livelock, "livelock", "livelock"},
    KindName{FailureKind::step_limit, "step_limit", "step limit"},
    KindName{FailureKind::nondeterministic_model, "nondeterministic_model", "nondeterministic model"},
    KindName{FailureKind::crash, "crash", "crash"},
    KindName{FailureKind::stack_overflow, "stack_overflow", "stack overflow"},
    KindName{FailureKind::hang, "hang", "hang"},
    KindName{FailureKind::out_of_memory, "out_of_memory", "out of memory"},
};

}  // namespace

std::string_view to_string(FailureKind kind) { return kNames[static_cast<int>(kind)].id; }
std::string_view display_name(FailureKind kind) { return kNames[static_cast<int>(kind)].display; }

std::optional<FailureKind> parse_failure_kind(std::string_view name) {
  for (const auto& k : kNames) {
    if (k.id == name || k.display == name) return k.kind;
  }
  return std::nullopt;
}

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass: return "pass";
    case Verdict::fail: return "fail";
    case Verdict::incomplete: return "incomplete";
  }
  return "?";
}

}  // namespace lockstep
