// The --html page as text: a lane per thread, a cell per step in its thread's lane with its
// source line in the title, shaded blocked intervals, lock bars, notify-to-wake-up arrows, and
// nothing fetched from anywhere. (tests/html/chromium_test.sh checks the layout in a browser.)
#include <gtest/gtest.h>

#include <string>

#include "lockstep/gtest.hpp"

namespace {

using namespace lockstep;

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(Html, DrawsTheConditionSeedsDeadlockAsSwimlanes) {
  const RunResult r = lockstep::testing::run_model("seeds/condition");
  ASSERT_TRUE(r.failure);
  const std::string page = format_html(r);
  ASSERT_TRUE(page.starts_with("<!DOCTYPE html>"));
  for (const char* thread : {"main", "c1", "c2", "producer"}) {
    EXPECT_EQ(count(page, std::string("class=\"lane-head\" data-thread=\"") + thread + "\""), 1) << thread;
  }
  EXPECT_EQ(count(page, "class=\"lane-head\""), 4);
  EXPECT_EQ(count(page, "data-step=\""), static_cast<int>(r.failure->trace.size()));
  for (const TraceStep& s : r.failure->trace) {
    const std::string cell = "data-step=\"" + std::to_string(s.step) + "\" data-thread=\"" + s.thread + "\"";
    EXPECT_EQ(count(page, cell), 1) << cell;
  }
  // The notify's title names its source line; its two wake-ups are arrows.
  EXPECT_EQ(count(page, "title=\"#12 producer: cond.notify(2) wakes 2 waiter(s)\nmodels/seeds/condition.cpp:"), 1)
      << page;
  EXPECT_EQ(count(page, "<path class=\"wake\""), 2);
  EXPECT_EQ(count(page, "woke c1 (#15)"), 1);
  EXPECT_EQ(count(page, "woke c2 (#19)"), 1);
  // c1 blocked from its first wait (#6) to its wake-up (#15), and again from #18 to the end.
  EXPECT_EQ(count(page, "title=\"c1 blocked in cond.wait() blocks, releases lock (#6 to #15)\""), 1) << page;
  EXPECT_EQ(count(page, "class=\"blocked\" data-thread=\"c1\""), 2);
  EXPECT_EQ(count(page, "class=\"blocked\" data-thread=\"main\""), 1);
  // cond held: c1 #4-#6 and #15-#18, c2 #7-#9 and from #19 on, the producer #10-#13.
  EXPECT_EQ(count(page, "data-lock=\"cond\""), 5);
  EXPECT_EQ(count(page, "title=\"c2 holds cond (#19 to the end)\""), 1);
  EXPECT_EQ(count(page, "title=\"producer holds cond (#10 to #13)\""), 1);
  // The replay line, and the text report.
  EXPECT_EQ(count(page, "lockstep replay seeds/condition " + r.failure->token), 2);
}

TEST(Html, SelfContained) {
  const std::string page = format_html(lockstep::testing::run_model("seeds/condition-skip"));
  ASSERT_FALSE(page.empty());
  EXPECT_EQ(page.find("http://"), std::string::npos);
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  EXPECT_EQ(page.find("url(") , page.find("url(#head)")) << "the only url() is the arrowhead marker";
}

TEST(Html, EscapesTextAndIsEmptyWithoutAFailure) {
  const RunResult pass = lockstep::testing::run_model("seeds/condition-fixed");
  ASSERT_FALSE(pass.failure);
  EXPECT_EQ(format_html(pass), "");
  const std::string page = format_html(lockstep::testing::run_model("seeds/condition"));
  EXPECT_NE(page.find("q.empty() -&gt; True"), std::string::npos);
  EXPECT_EQ(page.find("q.empty() -> True"), std::string::npos);
}

}  // namespace
