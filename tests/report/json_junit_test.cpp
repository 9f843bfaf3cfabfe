// JSON and JUnit renderings parsed back: every field of the contract (DESIGN.md, docs/cli.md)
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
    for (const char* key : {"model", "params", "strategy", "verdict", "executions", "redundant", "steps", "elapsed_s",
                            "expected", "as_expected", "failure", "pruned"}) {
      EXPECT_TRUE(o.contains(key)) << key;
    }
    EXPECT_EQ(o.size(), 12u);
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

}  // namespace
