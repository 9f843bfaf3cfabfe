// Replay tokens: encode/decode round trips, and hundreds of damaged tokens (truncated, bit
// flipped, for another model, for other parameters) refused with a reason, never a crash.
#include <gtest/gtest.h>

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

}  // namespace
