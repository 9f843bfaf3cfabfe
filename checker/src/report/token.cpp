// Token layout, version 3 (then base64url, no padding):
//   version byte | varint model length, model | varint param count, (varint length, name,
//   zigzag varint value)... | flags byte (1: spurious wakeups, 2: unfair polls) | varint max steps |
//   [varint unfair polls, when flag 2] | failure kind byte | varint choice count, entries until that many choices |
//   CRC-32 of everything before it, 4 bytes little-endian.
// An entry is a literal choice, varint (chosen<<3 | same alternatives<<2 | kind<<1 | 0) then,
// unless "same alternatives", varint alternatives; or a copy, varint (period<<1 | 1) and
// varint length: `length` choices each equal to the one `period` before it. Most choices of
// a long execution repeat a short cycle (one thread goes on, two threads take turns), so a
// 1,000,000-step execution takes a few bytes where version 2 took two or more per choice.
// Version 2 wrote every choice as varint (chosen<<1 | kind), varint alternatives; it is
// still read.
#include "report/token.hpp"

#include <boost/crc.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace lockstep::detail {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::size_t kMaxName = 1024;

std::uint32_t crc32(const std::string& bytes) {
  boost::crc_32_type crc;
  crc.process_bytes(bytes.data(), bytes.size());
  return crc.checksum();
}

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out += s;
}

std::string base64url(const std::string& bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 0x3f];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 0x3f];
  return out;
}

// Every read is checked against the end of the input; the first failure sets `error`.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  bool at_end() const { return pos_ == bytes_.size(); }
  std::size_t remaining() const { return bytes_.size() - pos_; }

  std::uint64_t varint(std::string_view what) {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= bytes_.size()) return fail(fmt::format("it ends inside {}", what));
      auto byte = static_cast<unsigned char>(bytes_[pos_++]);
      if (shift == 63 && byte > 1) break;
      v |= std::uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) return v;
    }
    return fail(fmt::format("{} is not a valid number", what));
  }
  unsigned char byte(std::string_view what) {
    if (pos_ >= bytes_.size()) return static_cast<unsigned char>(fail(fmt::format("it ends before {}", what)));
    return static_cast<unsigned char>(bytes_[pos_++]);
  }
  std::string string(std::string_view what) {
    std::uint64_t n = varint(what);
    if (failed()) return {};
    if (n > kMaxName || n > remaining()) {
      fail(fmt::format("{} is longer than the token", what));
      return {};
    }
    std::string s(bytes_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::uint64_t fail(std::string reason) {
    if (error_.empty()) error_ = std::move(reason);
    return 0;
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
  std::string error_;
};

std::optional<std::string> from_base64url(std::string_view text, std::string& reason) {
  std::array<int, 256> value{};
  value.fill(-1);
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) value[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    int v = value[static_cast<unsigned char>(text[i])];
    if (v < 0) {
      reason = fmt::format("character {} is not base64url (A-Z a-z 0-9 - _)", i + 1);
      return std::nullopt;
    }
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  if (bits >= 6 || (acc & ((1u << bits) - 1)) != 0) {
    reason = "its length or last character is wrong (truncated or corrupted)";
    return std::nullopt;
  }
  return out;
}


bool same_choice(const Choice& a, const Choice& b) {
  return a.kind == b.kind && a.chosen == b.chosen && a.alternatives == b.alternatives;
}

// How many choices from `at` on repeat those `period` before them.
std::size_t repeats(const std::vector<Choice>& choices, std::size_t at, std::size_t period) {
  std::size_t n = 0;
  while (at + n < choices.size() && same_choice(choices[at + n], choices[at + n - period])) ++n;
  return n;
}

// Version 3's entries: a copy wherever the next choices repeat a cycle of at most
// kMaxPeriod choices (the shortest cycle that covers the longest run), literals elsewhere.
constexpr std::size_t kMaxPeriod = 16;
constexpr std::size_t kMinCopy = 3;  // a shorter copy takes no fewer bytes than its literals

void put_choices(std::string& out, const std::vector<Choice>& choices) {
  std::size_t i = 0;
  while (i < choices.size()) {
    std::size_t best = 0;
    std::size_t period = 0;
    for (std::size_t p = 1; p <= std::min(kMaxPeriod, i); ++p) {
      const std::size_t n = repeats(choices, i, p);
      if (n > best) {
        best = n;
        period = p;
      }
    }
    if (best >= kMinCopy) {
      put_varint(out, (std::uint64_t{period} << 1) | 1);
      put_varint(out, best);
      i += best;
      continue;
    }
    const Choice& c = choices[i];
    const bool same = i > 0 && choices[i - 1].kind == c.kind && choices[i - 1].alternatives == c.alternatives;
    put_varint(out, (std::uint64_t{c.chosen} << 3) | (same ? 4u : 0u) | (c.kind == Choice::Kind::value ? 2u : 0u));
    if (!same) put_varint(out, c.alternatives);
    ++i;
  }
}

// The choice `chosen` among `alternatives`, or the reason it is impossible.
bool possible(bool is_value, std::uint64_t chosen, std::uint64_t alternatives) {
  return is_value ? chosen < alternatives && alternatives <= INT32_MAX
                  : chosen < kMaxThreads && ((alternatives >> chosen) & 1) != 0;
}

Choice make_choice(bool is_value, std::uint64_t chosen, std::uint64_t alternatives) {
  return {is_value ? Choice::Kind::value : Choice::Kind::thread, static_cast<std::uint32_t>(chosen),
          static_cast<std::uint32_t>(chosen), alternatives};
}

std::vector<Choice> read_choices(Reader& in, std::uint64_t count) {
  std::vector<Choice> choices;
  while (choices.size() < count && !in.failed()) {
    const std::uint64_t head = in.varint("a choice");
    if (in.failed()) break;
    if ((head & 1) != 0) {
      const std::uint64_t period = head >> 1;
      const std::uint64_t length = in.varint("a repetition");
      if (in.failed()) break;
      if (period == 0 || period > choices.size() || length == 0 || length > count - choices.size()) {
        in.fail(fmt::format("the repetition after choice {} is impossible", choices.size()));
        break;
      }
      for (std::uint64_t k = 0; k < length; ++k) {
        const Choice copy = choices[choices.size() - period];
        choices.push_back(copy);
      }
      continue;
    }
    const bool is_value = (head & 2) != 0;
    const bool same = (head & 4) != 0;
    const std::uint64_t chosen = head >> 3;
    const bool has_previous = !choices.empty() && (choices.back().kind == Choice::Kind::value) == is_value;
    if (same && !has_previous) {
      in.fail(fmt::format("choice {} is impossible", choices.size() + 1));
      break;
    }
    const std::uint64_t alternatives = same ? choices.back().alternatives : in.varint("a choice");
    if (in.failed()) break;
    if (!possible(is_value, chosen, alternatives)) {
      in.fail(fmt::format("choice {} is impossible", choices.size() + 1));
      break;
    }
    choices.push_back(make_choice(is_value, chosen, alternatives));
  }
  return choices;
}

std::vector<Choice> read_choices_v2(Reader& in, std::uint64_t count) {
  std::vector<Choice> choices;
  if (count > in.remaining() / 2) {
    in.fail("the choice count is larger than the token");
    return choices;
  }
  choices.reserve(count);
  for (std::uint64_t i = 0; i < count && !in.failed(); ++i) {
    const std::uint64_t head = in.varint("a choice");
    const std::uint64_t alternatives = in.varint("a choice");
    if (in.failed()) break;
    if (!possible((head & 1) != 0, head >> 1, alternatives)) {
      in.fail(fmt::format("choice {} is impossible", i + 1));
      break;
    }
    choices.push_back(make_choice((head & 1) != 0, head >> 1, alternatives));
  }
  return choices;
}

}  // namespace

std::string encode_token(const Token& token) {
  std::string bytes;
  bytes += static_cast<char>(kTokenVersion);
  put_string(bytes, token.model);
  put_varint(bytes, token.params.size());
  for (const auto& [name, value] : token.params) {
    put_string(bytes, name);
    const auto v = static_cast<std::int64_t>(value);
    put_varint(bytes, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  bytes += static_cast<char>((token.spurious_wakeups ? 1 : 0) | (token.unfair_polls > 0 ? 2 : 0));
  put_varint(bytes, token.max_steps);
  if (token.unfair_polls > 0) put_varint(bytes, static_cast<std::uint64_t>(token.unfair_polls));
  bytes += static_cast<char>(token.kind);
  put_varint(bytes, token.choices.size());
  put_choices(bytes, token.choices);
  const std::uint32_t crc = crc32(bytes);
  for (int i = 0; i < 4; ++i) bytes += static_cast<char>((crc >> (8 * i)) & 0xff);
  return base64url(bytes);
}

TokenParse decode_token(std::string_view text) {
  auto refuse = [](std::string reason) { return TokenParse{std::nullopt, "malformed replay token: " + reason}; };
  if (text.empty()) return refuse("it is empty");
  std::string reason;
  auto bytes = from_base64url(text, reason);
  if (!bytes) return refuse(reason);
  if (bytes->size() < 6) return refuse("it is too short (truncated)");
  const auto version = static_cast<unsigned char>((*bytes)[0]);
  if (version < kOldestTokenVersion || version > kTokenVersion) {
    return refuse(fmt::format("format version {} is not supported (this lockstep reads versions {} to {}; "
                              "run the model again for a token of this version)",
                              version, kOldestTokenVersion, kTokenVersion));
  }
  const std::string body = bytes->substr(0, bytes->size() - 4);
  std::uint32_t stored = 0;
  for (int i = 0; i < 4; ++i) stored |= std::uint32_t{static_cast<unsigned char>((*bytes)[body.size() + i])} << (8 * i);
  if (crc32(body) != stored) return refuse("its checksum does not match (truncated or corrupted)");

  Reader in(std::string_view(body).substr(1));
  Token token;
  token.model = in.string("the model name");
  const std::uint64_t param_count = in.varint("the parameter count");
  if (!in.failed() && param_count > in.remaining()) in.fail("the parameter count is larger than the token");
  for (std::uint64_t i = 0; i < param_count && !in.failed(); ++i) {
    std::string name = in.string("a parameter name");
    const std::uint64_t zz = in.varint("a parameter value");
    const auto v = static_cast<std::int64_t>((zz >> 1) ^ (~(zz & 1) + 1));
    if (!in.failed() && (v < INT32_MIN || v > INT32_MAX)) in.fail(fmt::format("parameter {} is out of range", name));
    token.params.emplace_back(std::move(name), static_cast<int>(v));
  }
  const unsigned char flags = in.byte("the options");
  if (!in.failed() && flags > 3) in.fail(fmt::format("option flags {} are unknown", flags));
  token.spurious_wakeups = (flags & 1) != 0;
  token.max_steps = in.varint("the step limit");
  if (!in.failed() && token.max_steps == 0) in.fail("the step limit is 0");
  if ((flags & 2) != 0) {
    const std::uint64_t polls = in.varint("the unfair polls");
    if (!in.failed() && (polls == 0 || polls > INT32_MAX)) in.fail("the unfair polls are out of range");
    token.unfair_polls = static_cast<int>(polls);
  }
  const unsigned char kind = in.byte("the failure kind");
  if (!in.failed() && kind > static_cast<unsigned char>(FailureKind::out_of_memory)) {
    in.fail(fmt::format("failure kind {} is unknown", kind));
  }
  token.kind = static_cast<FailureKind>(kind);
  const std::uint64_t count = in.varint("the choice count");
  if (!in.failed() && count > kMaxTokenChoices) {
    in.fail(fmt::format("it records {} choices, more than the {} a token may hold", count, kMaxTokenChoices));
  }
  if (!in.failed()) token.choices = version == 2 ? read_choices_v2(in, count) : read_choices(in, count);
  if (!in.failed() && !in.at_end()) in.fail("unexpected bytes after the last choice");
  if (in.failed()) return refuse(in.error());
  return {std::move(token), {}};
}

}  // namespace lockstep::detail
