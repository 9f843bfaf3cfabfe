// Checked flag values: lockstep parses numbers itself rather than through CLI11's numeric
// options, which accept -1 for an unsigned value (it wraps), clamp values past 2^64, let NaN
// through a range check, and print the range of a double in 309 digits.
#include "flag_values.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace lockstep::cli {
namespace {

// The value as the user typed it, shortened when it is long, for a one-line reason.
std::string shown(const std::string& text) {
  constexpr std::size_t kLongest = 40;
  return text.size() <= kLongest ? "'" + text + "'" : "'" + text.substr(0, kLongest) + "...'";
}

}  // namespace

std::uint64_t whole_number(const std::string& flag, const std::string& text, std::uint64_t min, std::uint64_t max) {
  const auto bounds = fmt::format("a whole number from {} to {}", min, max);
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
    throw CLI::ValidationError(flag, fmt::format("{} is not {}", shown(text), bounds));
  }
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range || end != text.data() + text.size() || value > max) {
    throw CLI::ValidationError(flag, fmt::format("{} is too large: it must be {}", shown(text), bounds));
  }
  if (value < min) throw CLI::ValidationError(flag, fmt::format("{} is too small: it must be {}", shown(text), bounds));
  return value;
}

Shard shard(const std::string& flag, const std::string& text) {
  constexpr std::uint64_t kMostShards = 1000000;
  const auto slash = text.find('/');
  const std::string reason = fmt::format("{} is not K/N, part K of N with 1 <= K <= N <= {}", shown(text), kMostShards);
  if (slash == std::string::npos) throw CLI::ValidationError(flag, reason);
  const std::string k = text.substr(0, slash);
  const std::string n = text.substr(slash + 1);
  const auto digits = [](const std::string& t) {
    return !t.empty() && t.size() <= 7 && t.find_first_not_of("0123456789") == std::string::npos;
  };
  if (!digits(k) || !digits(n)) throw CLI::ValidationError(flag, reason);
  const std::uint64_t index = std::stoull(k);
  const std::uint64_t count = std::stoull(n);
  if (index < 1 || index > count || count > kMostShards) throw CLI::ValidationError(flag, reason);
  return {index - 1, count};
}

double seconds(const std::string& flag, const std::string& text, double max) {
  const auto bounds = fmt::format("a number of seconds above 0 and at most {:.0f}", max);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error == std::errc::invalid_argument || end != text.data() + text.size() || std::isnan(value)) {
    throw CLI::ValidationError(flag, fmt::format("{} is not {}", shown(text), bounds));
  }
  if (error == std::errc::result_out_of_range || !(value > 0) || value > max) {
    throw CLI::ValidationError(flag, fmt::format("{} is out of range: it must be {}", shown(text), bounds));
  }
  return value;
}

std::pair<std::string, int> parse_param(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) throw InputError("--param expects name=value, got " + shown(text));
  std::string name = text.substr(0, eq);
  const std::string value = text.substr(eq + 1);
  int v = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec == std::errc::result_out_of_range) {
    throw InputError(fmt::format("--param {}: {} is out of range: it must be a whole number from {} to {}", name,
                                 shown(value), INT32_MIN, INT32_MAX));
  }
  if (ec != std::errc() || ptr != value.data() + value.size() || value.empty()) {
    throw InputError(fmt::format("--param {}: {} is not an integer", name, shown(value)));
  }
  return {std::move(name), v};
}

Params parse_params(const std::vector<std::string>& texts) {
  Params params;
  for (const std::string& text : texts) {
    auto param = parse_param(text);
    for (const auto& [name, value] : params) {
      if (name == param.first) {
        throw InputError(
            fmt::format("--param {} is given twice ({}={} and {}={})", name, name, value, name, param.second));
      }
    }
    params.push_back(std::move(param));
  }
  return params;
}

}  // namespace lockstep::cli
