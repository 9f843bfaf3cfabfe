// Two models registered under one name, for the lockstep_duplicate_models program: the CLI
// must refuse to start and name both places (tests/cli/hardening_cli_test.cpp).
#include <lockstep/lockstep.hpp>

using namespace lockstep;

LOCKSTEP_MODEL("dup/model", "the first registration") { check(true, "first"); }

LOCKSTEP_MODEL("dup/model", "the second registration, under the same name") { check(false, "second"); }

LOCKSTEP_MODEL("dup/other", "a model with a name of its own") {}
