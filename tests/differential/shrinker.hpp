// Greedy delta debugging of a program that shows a divergence: drop threads, drop steps,
// make a step a plain atomic load, simplify objects and values, keeping each change after which the program still diverges
// the same way, until no change helps.
#pragma once

#include <functional>

#include "differential/program.hpp"

namespace lockstep::difftest {

// `still_fails` re-checks a candidate; the result is a program it holds for that no single
// simplification keeps it for.
Program shrink(Program p, const std::function<bool(const Program&)>& still_fails);

// Drops threads no spawn step starts and joins no thread can make at their place, and
// numbers the remaining threads in order.
Program normalize(Program p);

}  // namespace lockstep::difftest
