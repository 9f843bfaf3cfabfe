// Runs a generated program as a lockstep model: the model body builds one object of every
// kind the program may name, interprets thread 0, then joins every thread and records the
// final state (what each thread observed, and what every object holds).
#pragma once

#include <string>

#include <lockstep/model.hpp>

#include "differential/program.hpp"

namespace lockstep::difftest {

// The model that runs the program given to set_program() (kept by reference: it must
// outlive every run of the model).
const detail::ModelInfo& program_model();
void set_program(const Program& p);

// The final state of the latest execution that ended without a failure; cleared by
// clear_final_state() before each execution.
const std::string& final_state();
void clear_final_state();

}  // namespace lockstep::difftest
