// Words for one trace step and for what a blocked thread waits on.
#pragma once

#include <source_location>
#include <string>
#include <string_view>

#include "lockstep/detail/op.hpp"

namespace lockstep::detail {

class Execution;
struct StepRecord;

std::string_view kind_prefix(ObjectKind kind);          // "lock" for lock2
std::string format_location(const std::source_location& location);  // "models/x.cpp:12"
std::string describe_step(const Execution& execution, const StepRecord& step);  // "q.get() -> 1"
std::string step_object(const Execution& execution, const StepRecord& step);
std::string blocked_reason(const Execution& execution, ThreadId thread, const Op& op);

}  // namespace lockstep::detail
