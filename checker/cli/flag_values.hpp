// The values of command-line flags, checked: every value out of its range, not a number,
// NaN or repeated is refused with a one-line reason that names the flag and its bounds.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "lockstep/run.hpp"

namespace lockstep::cli {

// Used from CLI11 option callbacks (add_option_function<std::string>), so that a bad value is
// a CLI11 ParseError like any other usage error.
// A whole number in [min, max] written in decimal digits only (no sign, no exponent);
// throws CLI::ValidationError ("--seed: '-1' is not a whole number from 0 to ...").
std::uint64_t whole_number(const std::string& flag, const std::string& text, std::uint64_t min, std::uint64_t max);

// A finite number of seconds in (0, max]; throws CLI::ValidationError.
double seconds(const std::string& flag, const std::string& text, double max);

// "2/4" -> {1, 4}: part K (1-based on the command line, 0-based here) of N, 1 <= K <= N <=
// 1000000; throws CLI::ValidationError.
struct Shard {
  std::uint64_t index;
  std::uint64_t count;
};
Shard shard(const std::string& flag, const std::string& text);

// "items=3" -> {"items", 3}; throws InputError with a one-line reason.
std::pair<std::string, int> parse_param(const std::string& text);
// Every --param of a command; a name given twice is refused (InputError).
Params parse_params(const std::vector<std::string>& texts);

}  // namespace lockstep::cli
