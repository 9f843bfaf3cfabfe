// Replay tokens: one failing execution (model, parameters, failure kind, every choice made)
// as a compact, versioned, checksummed base64url string, and the parser that checks it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "explore/path.hpp"
#include "lockstep/run.hpp"

namespace lockstep::detail {

// 2: Shared accesses stopped being scheduling points, so version 1's choices replay
// another schedule. 3: the same choices, run-length encoded (version 2 is still read).
inline constexpr unsigned char kTokenVersion = 3;
inline constexpr unsigned char kOldestTokenVersion = 2;
// The most choices a token may hold (a bound on what a decoded token can make us allocate:
// 16,777,216 choices of 24 bytes); longer executions' tokens are refused with this reason.
inline constexpr std::uint64_t kMaxTokenChoices = std::uint64_t{1} << 24;

struct Token {
  std::string model;
  Params params;                    // every parameter the model declared, with its value
  bool spurious_wakeups = false;    // the run's --spurious-wakeups
  std::uint64_t max_steps = 0;      // the run's --max-steps
  FailureKind kind;                 // the failure the recorded execution ended in
  std::vector<Choice> choices;      // kind, chosen, alternatives (enabled set or n)
  int unfair_polls = 0;             // the run's --unfair-polls
};

// Either a token or the reason it was refused (one line, no trailing period).
struct TokenParse {
  std::optional<Token> token;
  std::string reason;
};

std::string encode_token(const Token& token);
TokenParse decode_token(std::string_view text);

}  // namespace lockstep::detail
