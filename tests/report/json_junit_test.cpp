// JSON and JUnit renderings parsed back: every field of the contract (docs/cli.md)
// with the values of the run, and well-formed XML with one testcase per run.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "lockstep/gtest.hpp"

namespace {

using namespace lockstep;
using nlohmann::json;

std::vector<RunResult> three_runs() {
  return {lockstep::testing::run_model("seeds/condition-wait-forever"),                   // expected deadlock
          lockstep::testing::run_model("seeds/condition-fixed", {{"items", 1}}),          // unexpected deadlock
          lockstep::testing::run_model("seeds/condition-fixed", {}, {.max_executions = 2})};  // incomplete
}

TEST(Json, HasEveryFieldOfTheContract) {
  const auto runs = three_runs();
  const json doc = json::parse(format_json(runs));
  ASSERT_TRUE(doc.is_array());
  ASSERT_EQ(doc.size(), 3u);
  for (const auto& o : doc) {
    for (const char* key : {"model", "params", "strategy", "verdict", "executions", "redundant", "steps", "estimate",
                            "elapsed_s", "out_of_time", "shard", "flags", "lockstep_version", "expected", "as_expected", "failure",
                            "pruned"}) {
      EXPECT_TRUE(o.contains(key)) << key;
    }
    EXPECT_EQ(o.size(), 17u);
    EXPECT_EQ(o["out_of_time"], false);  // no run here has a time limit
    EXPECT_EQ(o["lockstep_version"], std::string(lockstep::version()));
    EXPECT_EQ(o["shard"], json(nullptr));
  }
  const json& expected = doc[0];
  EXPECT_EQ(expected["model"], "seeds/condition-wait-forever");
  EXPECT_EQ(expected["params"], json::object());
  EXPECT_EQ(expected["strategy"], "dpor");
  EXPECT_EQ(expected["verdict"], "fail");
  EXPECT_EQ(expected["expected"], "deadlock");
  EXPECT_EQ(expected["as_expected"], true);
  EXPECT_EQ(expected["executions"], runs[0].executions);
  EXPECT_EQ(expected["steps"], runs[0].steps);
  const json& f = expected["failure"];
  EXPECT_EQ(f["kind"], "deadlock");
  EXPECT_EQ(f["message"], runs[0].failure->message);
  EXPECT_EQ(f["token"], runs[0].failure->token);
  ASSERT_EQ(f["trace"].size(), runs[0].failure->trace.size());
  EXPECT_EQ(f["trace"][0], json({{"step", 1},
                                 {"thread", "main"},
                                 {"op", "starts thread c1"},
                                 {"object", "c1"},
                                 {"location", runs[0].failure->trace[0].location}}));

  // A deadlock: each blocked thread, what it waits on and who holds that.
  ASSERT_EQ(f["blocked"].size(), runs[0].failure->blocked.size());
  ASSERT_FALSE(f["blocked"].empty());
  for (std::size_t i = 0; i < f["blocked"].size(); ++i) {
    const BlockedThread& b = runs[0].failure->blocked[i];
    EXPECT_EQ(f["blocked"][i], json({{"thread", b.thread},
                                     {"waits_for", b.waits_for},
                                     {"waits_on", b.waits_on},
                                     {"held_by", b.held_by},
                                     {"holds", b.holds},
                                     {"location", b.location}}));
  }
  EXPECT_EQ(f["location"], runs[0].failure->location);

  const json& unexpected = doc[1];
  EXPECT_EQ(unexpected["params"], json({{"consumers", 2}, {"items", 1}}));
  EXPECT_EQ(unexpected["expected"], nullptr);
  EXPECT_EQ(unexpected["as_expected"], false);
  EXPECT_EQ(unexpected["failure"]["kind"], "deadlock");

  const json& incomplete = doc[2];
  EXPECT_EQ(incomplete["verdict"], "incomplete");
  EXPECT_EQ(incomplete["executions"], 2);
  EXPECT_EQ(incomplete["failure"], nullptr);
  EXPECT_TRUE(incomplete["elapsed_s"].is_number_float());
}

json blocked_thread(const json& failure, const std::string& thread) {
  for (const auto& b : failure["blocked"]) {
    if (b["thread"] == thread) return b;
  }
  return nullptr;
}

// seeds/condition: c2 holds the condition's lock and waits for an item; c1 waits in
// cond.wait() and needs that lock back; main waits for c2 to finish.
TEST(Json, DeadlockNamesWhatEachThreadWaitsOnAndWhoHoldsIt) {
  const json f = json::parse(format_json({lockstep::testing::run_model("seeds/condition")}))[0]["failure"];
  ASSERT_EQ(f["kind"], "deadlock");
  const json c1 = blocked_thread(f, "c1");
  const json c2 = blocked_thread(f, "c2");
  const json main = blocked_thread(f, "main");
  ASSERT_FALSE(c1.is_null()) << f.dump(2);
  ASSERT_FALSE(c2.is_null()) << f.dump(2);
  ASSERT_FALSE(main.is_null()) << f.dump(2);
  EXPECT_EQ(c1["waits_on"], "cond");
  EXPECT_EQ(c1["held_by"], json::array({"c2"}));
  EXPECT_EQ(c2["waits_on"], "q");
  EXPECT_EQ(c2["held_by"], json::array());
  EXPECT_EQ(c2["holds"], json::array({"cond"}));
  EXPECT_EQ(main["waits_on"], "c2");
  EXPECT_TRUE(c2["location"].get<std::string>().starts_with("models/seeds/condition.cpp:")) << c2;
}

// An assertion's failure carries the line of the check that failed.
TEST(Json, AssertionFailureHasItsLocation) {
  const json f = json::parse(format_json({lockstep::testing::run_model("seeds/mydata")}))[0]["failure"];
  ASSERT_EQ(f["kind"], "assertion");
  EXPECT_TRUE(f["location"].get<std::string>().starts_with("models/seeds/mydata.cpp:")) << f["location"];
  EXPECT_EQ(f["blocked"], json::array());
}

TEST(Json, ModelListHasNamesParametersAndExpectations) {
  std::vector<const ModelInfo*> seeds = match_models("seeds/*");
  const json doc = json::parse(format_models_json(seeds));
  ASSERT_EQ(doc.size(), seeds.size());
  ASSERT_GE(doc.size(), 6u);
  bool fixed = false;
  for (const auto& m : doc) {
    EXPECT_EQ(m.size(), 4u);
    if (m["name"] == "seeds/condition-fixed") {
      fixed = true;
      EXPECT_EQ(m["params"], json({{"consumers", 2}, {"items", 2}}));
      EXPECT_EQ(m["expected"], nullptr);
    }
    if (m["name"] == "seeds/condition") {
      EXPECT_EQ(m["expected"], "deadlock");
    }
  }
  EXPECT_TRUE(fixed);
}

// Counts <tag ...> openings and checks every element is closed in order.
struct XmlShape {
  int testcases = 0;
  int failures = 0;
  int skipped = 0;
  bool balanced = true;
};

XmlShape shape(const std::string& xml) {
  XmlShape s;
  std::vector<std::string> open;
  for (std::size_t i = xml.find('<'); i != std::string::npos; i = xml.find('<', i + 1)) {
    const std::size_t end = xml.find('>', i);
    if (end == std::string::npos) return {0, 0, 0, false};
    std::string tag = xml.substr(i + 1, end - i - 1);
    if (tag.starts_with("?")) continue;
    const bool closing = tag.starts_with("/");
    const bool self_closing = tag.ends_with("/");
    std::string name = tag.substr(closing ? 1 : 0, tag.find_first_of(" /", closing ? 1 : 0) - (closing ? 1 : 0));
    if (closing) {
      if (open.empty() || open.back() != name) s.balanced = false;
      if (!open.empty()) open.pop_back();
      continue;
    }
    s.testcases += name == "testcase";
    s.failures += name == "failure";
    s.skipped += name == "skipped";
    if (!self_closing) open.push_back(name);
  }
  s.balanced = s.balanced && open.empty();
  return s;
}

TEST(Junit, OneTestcasePerRunWithFailuresAndSkips) {
  const auto runs = three_runs();
  const std::string xml = format_junit(runs);
  const XmlShape s = shape(xml);
  EXPECT_TRUE(s.balanced) << xml;
  EXPECT_EQ(s.testcases, 3);
  EXPECT_EQ(s.failures, 1);  // the unexpected deadlock; the expected one passes
  EXPECT_EQ(s.skipped, 1);   // the bounded run
  EXPECT_NE(xml.find("tests=\"3\" failures=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("name=\"seeds/condition-fixed consumers=2 items=1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("lockstep replay seeds/condition-fixed " + runs[1].failure->token), std::string::npos);
  EXPECT_NE(xml.find("type=\"deadlock\""), std::string::npos);
  EXPECT_NE(xml.find("-&gt; True"), std::string::npos) << "trace text is escaped";
  EXPECT_EQ(xml.find("-> True"), std::string::npos);
}

// A model's bytes are not always UTF-8: JSON writes U+FFFD for them (it used to throw
// type_error.316), and so do the text and JUnit, which show control characters as \xNN.
TEST(Json, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  const std::vector<RunResult> runs = {lockstep::testing::run_model("test/invalid-utf8")};
  ASSERT_TRUE(runs[0].failure);
  const json doc = json::parse(format_json(runs));
  EXPECT_EQ(doc[0]["failure"]["message"], "message \xef\xbf\xbd( and \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd and <&>\x1b[31m");
  const std::string junit = format_junit(runs);
  EXPECT_NE(junit.find("bad\xef\xbf\xbd\xef\xbf\xbd name\\x01"), std::string::npos) << junit;
  EXPECT_NE(junit.find("message \xef\xbf\xbd( and \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd and &lt;&amp;&gt;\\x1b[31m"),
            std::string::npos)
      << junit;
  const std::string text = format_failure(runs[0]);
  EXPECT_NE(text.find("  assertion: message \xef\xbf\xbd( and \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd and <&>\\x1b[31m"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("starts thread bad\xef\xbf\xbd\xef\xbf\xbd name\\x01"), std::string::npos) << text;
  for (char c : {'\x01', '\x1b', '\xff', '\xfe'}) EXPECT_EQ(junit.find(c), std::string::npos) << int(c);
}

std::string unescaped(std::string text) {
  for (const auto& [entity, c] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"},
                                  {"&amp;", "&"}}) {
    for (auto at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1)) {
      text.replace(at, std::string(entity).size(), c);
    }
  }
  return text;
}

// A failure's text in JUnit is what `lockstep run` prints for the model, line for line, with
// the replay line once, naming the program given.
TEST(Junit, FailureTextIsTheCliText) {
  const auto runs = three_runs();
  const std::string xml = format_junit(runs, "my_runner");
  const auto open = xml.find("<failure ");
  ASSERT_NE(open, std::string::npos) << xml;
  const auto body = xml.find('>', open) + 1;
  const std::string text = unescaped(xml.substr(body, xml.find("</failure>", body) - body));
  EXPECT_EQ(text, format_summary(runs[1]) + "\n" + format_failure(runs[1], "my_runner"));
  const std::string replay = "my_runner replay seeds/condition-fixed " + runs[1].failure->token;
  EXPECT_NE(text.find(replay), std::string::npos) << text;
  EXPECT_EQ(text.find(replay, text.find(replay) + 1), std::string::npos) << "the replay line appears once";
}

}  // namespace
