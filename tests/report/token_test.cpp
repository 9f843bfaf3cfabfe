// Replay tokens: encode/decode round trips, and hundreds of damaged tokens (truncated, bit
// flipped, for another model, for other parameters) refused with a reason, never a crash.
#include <gtest/gtest.h>

#include <boost/crc.hpp>
#include <iostream>
#include <random>
#include <string>

#include "lockstep/gtest.hpp"
#include "report/token.hpp"

namespace {

using namespace lockstep;
using detail::Choice;
using detail::Token;

Token sample() {
  return {"seeds/mydata", {{"items", 2}, {"neg", -70000}}, true, 5000, FailureKind::deadlock,
          {{Choice::Kind::thread, 2, 2, 0b111}, {Choice::Kind::value, 3, 3, 4}, {Choice::Kind::thread, 0, 0, 1}}};
}

// A token of any bytes, with a right checksum: what a careful forger makes.
std::string forge(std::string bytes) {
  boost::crc_32_type crc;
  crc.process_bytes(bytes.data(), bytes.size());
  for (int i = 0; i < 4; ++i) bytes += static_cast<char>((crc.checksum() >> (8 * i)) & 0xff);
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    for (bits += 8; bits >= 6;) out += alphabet[(acc >> (bits -= 6)) & 0x3f];
  }
  if (bits > 0) out += alphabet[(acc << (6 - bits)) & 0x3f];
  return out;
}

void put_varint(std::string& out, std::uint64_t v) {
  for (; v >= 0x80; v >>= 7) out += static_cast<char>((v & 0x7f) | 0x80);
  out += static_cast<char>(v);
}

// The bytes of a token before its choices: `version`, model "m", no parameters, no flags,
// 1000 steps, deadlock, `count` choices.
std::string header(unsigned char version, std::uint64_t count) {
  std::string bytes{static_cast<char>(version), 1, 'm', 0, 0};
  put_varint(bytes, 1000);
  bytes += static_cast<char>(FailureKind::deadlock);
  put_varint(bytes, count);
  return bytes;
}

// Version 2, as the lockstep before run-length encoding wrote it: every choice in full.
std::string encode_version2(const std::vector<Choice>& choices) {
  std::string bytes = header(2, choices.size());
  for (const Choice& c : choices) {
    put_varint(bytes, (std::uint64_t{c.chosen} << 1) | (c.kind == Choice::Kind::value ? 1u : 0u));
    put_varint(bytes, c.alternatives);
  }
  return forge(bytes);
}

Token with_choices(std::vector<Choice> choices) {
  return {"m", {}, false, 1000, FailureKind::deadlock, std::move(choices)};
}

void expect_same_choices(const std::vector<Choice>& got, const std::vector<Choice>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(got[i].kind, want[i].kind) << i;
    ASSERT_EQ(got[i].chosen, want[i].chosen) << i;
    ASSERT_EQ(got[i].first, want[i].chosen) << i;
    ASSERT_EQ(got[i].alternatives, want[i].alternatives) << i;
  }
}

// A million choices: a thread's loop (the same pick again and again), then two threads
// taking turns, then a stretch that follows no cycle.
std::vector<Choice> long_execution(bool cycles) {
  std::vector<Choice> choices;
  std::mt19937 random(7);
  for (int i = 0; i < 1000000; ++i) {
    if (cycles) {
      choices.push_back(i < 300000 ? Choice{Choice::Kind::thread, 1, 1, 0b11}
                                   : Choice{Choice::Kind::thread, static_cast<std::uint32_t>(i % 2), 0, 0b11});
    } else if (random() % 8 == 0) {
      const auto v = static_cast<std::uint32_t>(random() % 3);
      choices.push_back({Choice::Kind::value, v, v, 3});
    } else {
      const auto t = static_cast<std::uint32_t>(random() % 3);
      choices.push_back({Choice::Kind::thread, t, t, 0b111});
    }
  }
  return choices;
}

std::string refusal(const std::string& model, const std::string& token, Params params = {}) {
  RunOptions options;
  options.strategy = "replay";
  options.token = token;
  options.params = std::move(params);
  try {
    run(*find_model(model), options);
    return "";  // accepted
  } catch (const InputError& e) {
    return e.what();
  }
}

TEST(Token, RoundTripsEveryField) {
  const Token t = sample();
  const std::string text = detail::encode_token(t);
  EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  auto parsed = detail::decode_token(text);
  ASSERT_TRUE(parsed.token) << parsed.reason;
  EXPECT_EQ(parsed.token->model, t.model);
  EXPECT_EQ(parsed.token->params, t.params);
  EXPECT_TRUE(parsed.token->spurious_wakeups);
  EXPECT_EQ(parsed.token->max_steps, 5000u);
  EXPECT_EQ(parsed.token->kind, FailureKind::deadlock);
  ASSERT_EQ(parsed.token->choices.size(), 3u);
  EXPECT_EQ(parsed.token->choices[1].kind, Choice::Kind::value);
  EXPECT_EQ(parsed.token->choices[1].chosen, 3u);
  EXPECT_EQ(parsed.token->choices[1].alternatives, 4u);
  EXPECT_EQ(parsed.token->choices[0].alternatives, 0b111u);
}

TEST(Token, IsCompact) {
  // version byte + model 1+12 + params 1+(1+5+1)+(1+3+3) + flags 1 + steps 2 + kind 1 + count 1
  // + choices 2+2+2 + crc 4 = 44 bytes = 59 base64url characters (no padding).
  EXPECT_EQ(detail::encode_token(sample()).size(), 59u);
}

TEST(Token, EveryTruncationIsRefused) {
  const std::string text = detail::encode_token(sample());
  for (std::size_t n = 0; n < text.size(); ++n) {
    auto parsed = detail::decode_token(text.substr(0, n));
    EXPECT_FALSE(parsed.token) << n;
    EXPECT_NE(parsed.reason.find("malformed replay token: "), std::string::npos) << n;
  }
}

TEST(Token, EveryChangedCharacterIsRefused) {
  const std::string text = detail::encode_token(sample());
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ .";
  int refused = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    for (char c : alphabet) {
      if (c == text[i]) continue;
      std::string bad = text;
      bad[i] = c;
      auto parsed = detail::decode_token(bad);
      EXPECT_FALSE(parsed.token) << bad;
      EXPECT_FALSE(parsed.reason.empty()) << bad;
      refused += parsed.token ? 0 : 1;
    }
  }
  EXPECT_EQ(refused, static_cast<int>(text.size() * (alphabet.size() - 1)));
}

TEST(Token, EveryFlippedBitIsRefused) {
  // Flip each bit of the decoded bytes: re-encoding the damaged bytes keeps the base64url
  // valid, so only the checksum (or the version check) can catch it.
  const std::string text = detail::encode_token(sample());
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (std::size_t bit = 0; bit < text.size() * 6; ++bit) {
    std::string bad = text;
    const std::size_t i = bit / 6;
    const auto v = alphabet.find(bad[i]) ^ (std::size_t{1} << (bit % 6));
    bad[i] = alphabet[v];
    auto parsed = detail::decode_token(bad);
    EXPECT_FALSE(parsed.token) << bit;
    EXPECT_FALSE(parsed.reason.empty()) << bit;
  }
}

TEST(Token, GarbageIsRefusedWithAReason) {
  for (const char* text : {"", "x", "garbage!", "AAAA", "AQ", "____________", "lockstep"}) {
    auto parsed = detail::decode_token(text);
    EXPECT_FALSE(parsed.token) << text;
    EXPECT_EQ(parsed.reason.find("malformed replay token: "), 0u) << text << ": " << parsed.reason;
  }
}

TEST(Token, AnotherVersionIsRefusedByName) {
  std::string text = detail::encode_token(sample());
  text[0] = 'A';  // version byte 0b000000xx: 0
  text[1] = 'J';
  auto parsed = detail::decode_token(text);
  EXPECT_NE(parsed.reason.find("format version"), std::string::npos) << parsed.reason;
}

TEST(Token, ImpossibleChoicesAreRefusedEvenWithAValidChecksum) {
  Token thread_not_enabled = sample();
  thread_not_enabled.choices[0] = {Choice::Kind::thread, 3, 3, 0b111};
  EXPECT_NE(detail::decode_token(detail::encode_token(thread_not_enabled)).reason.find("choice 1 is impossible"),
            std::string::npos);
  Token value_out_of_range = sample();
  value_out_of_range.choices[1] = {Choice::Kind::value, 4, 4, 4};
  EXPECT_NE(detail::decode_token(detail::encode_token(value_out_of_range)).reason.find("choice 2 is impossible"),
            std::string::npos);
}

TEST(Token, ReplayRefusesTokensForAnotherModelOrOtherParameters) {
  RunResult r = lockstep::testing::run_model("seeds/mydata");
  ASSERT_TRUE(r.failure);
  const std::string token = r.failure->token;
  EXPECT_EQ(refusal("seeds/mydata", token), "");
  EXPECT_EQ(refusal("seeds/condition", token),
            "this replay token is for model seeds/mydata, not seeds/condition");
  EXPECT_EQ(refusal("seeds/mydata", token, {{"items", 5}}), "this replay token is for items=2, not items=5");
  EXPECT_NE(refusal("seeds/mydata", token, {{"nope", 1}}).find("has no parameter 'nope'"), std::string::npos);

  auto parsed = detail::decode_token(token);
  ASSERT_TRUE(parsed.token);
  Token renamed = *parsed.token;
  renamed.params[0].first = "count";
  EXPECT_NE(refusal("seeds/mydata", detail::encode_token(renamed)).find("records the parameters [count=2]"),
            std::string::npos);
  Token missing = *parsed.token;
  missing.params.clear();
  EXPECT_NE(refusal("seeds/mydata", detail::encode_token(missing)).find("but seeds/mydata takes [items=2]"),
            std::string::npos);
}

TEST(Token, HundredsOfMutationsOfRealTokensAreAllRefused) {
  int refused = 0;
  for (const char* model : {"seeds/condition", "seeds/mydata", "seeds/condition-skip"}) {
    RunResult r = lockstep::testing::run_model(model);
    ASSERT_TRUE(r.failure) << model;
    const std::string token = r.failure->token;
    for (std::size_t n = 0; n < token.size(); n += 3) {
      std::string reason = refusal(model, token.substr(0, n));
      EXPECT_NE(reason, "") << model << " truncated to " << n;
      refused += reason.empty() ? 0 : 1;
    }
    for (std::size_t i = 0; i < token.size(); i += 2) {
      std::string bad = token;
      bad[i] = bad[i] == 'Q' ? 'R' : 'Q';
      std::string reason = refusal(model, bad);
      EXPECT_NE(reason, "") << model << " changed at " << i;
      refused += reason.empty() ? 0 : 1;
    }
    for (const char* other : {"seeds/condition", "seeds/mydata", "seeds/condition-skip"}) {
      if (std::string(other) == model) continue;
      std::string reason = refusal(other, token);
      EXPECT_NE(reason.find("this replay token is for model"), std::string::npos) << reason;
      refused += reason.empty() ? 0 : 1;
    }
  }
  EXPECT_GE(refused, 100);
}

TEST(Token, RepeatedChoicesAreRunLengthEncoded) {
  for (bool cycles : {true, false}) {
    const std::vector<Choice> choices = long_execution(cycles);
    const std::string v3 = detail::encode_token(with_choices(choices));
    const std::string v2 = encode_version2(choices);
    std::cout << (cycles ? "cycles" : "no cycle") << ": 1,000,000 choices take " << v3.size()
              << " characters (version 2: " << v2.size() << ")\n";
    auto parsed = detail::decode_token(v3);
    ASSERT_TRUE(parsed.token) << parsed.reason;
    expect_same_choices(parsed.token->choices, choices);
    EXPECT_LT(v3.size(), cycles ? 100u : v2.size() / 2);
  }
}

TEST(Token, Version2TokensStillDecode) {
  const std::vector<Choice> choices = long_execution(false);
  auto parsed = detail::decode_token(encode_version2({choices.begin(), choices.begin() + 5000}));
  ASSERT_TRUE(parsed.token) << parsed.reason;
  expect_same_choices(parsed.token->choices, {choices.begin(), choices.begin() + 5000});
}

TEST(Token, ImpossibleRepetitionsAreRefused) {
  auto reason = [](std::string entries, std::uint64_t count) {
    return detail::decode_token(forge(header(3, count) + entries)).reason;
  };
  const std::string pick_thread_0 = {0, 1};  // a literal: thread 0 among {0}
  // A repetition of 2 choices back when only one was made, of length 0, or past the count.
  EXPECT_NE(reason(pick_thread_0 + "\x05\x01", 2).find("the repetition after choice 1 is impossible"),
            std::string::npos);
  EXPECT_NE(reason(pick_thread_0 + std::string{3, 0}, 2).find("the repetition after choice 1 is impossible"),
            std::string::npos);
  EXPECT_NE(reason(pick_thread_0 + "\x03\x05", 3).find("the repetition after choice 1 is impossible"),
            std::string::npos);
  // "The same alternatives" with no choice before it.
  EXPECT_NE(reason("\x04", 1).find("choice 1 is impossible"), std::string::npos);
  // More choices than a token may hold, announced by a few bytes.
  EXPECT_NE(reason(pick_thread_0 + "\x03\xff\xff\xff\x7f", std::uint64_t{1} << 28).find("more than the 16777216"),
            std::string::npos);
  // Fewer entries than the count: it ends inside a choice.
  EXPECT_NE(reason(pick_thread_0, 2).find("it ends inside a choice"), std::string::npos);
  EXPECT_EQ(reason(pick_thread_0 + "\x03\x01", 2), "");
}

}  // namespace
