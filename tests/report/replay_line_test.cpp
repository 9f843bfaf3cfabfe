// The printed replay line: every word quoted for a POSIX shell (the shell hands lockstep
// back the very bytes), and a token held in a file named instead of pasted.
#include <gtest/gtest.h>

#include <string>

#include "cli/cli_runner.hpp"
#include "lockstep/report.hpp"

namespace {

using namespace lockstep;

TEST(ReplayLine, PlainWordsStayAsTheyAre) {
  EXPECT_EQ(shell_quote("seeds/condition-fixed"), "seeds/condition-fixed");
  EXPECT_EQ(shell_quote("items=3"), "items=3");
  EXPECT_EQ(shell_quote("AxVzZWVkcy9_-"), "AxVzZWVkcy9_-");
}

TEST(ReplayLine, EveryOtherWordIsQuotedSoTheShellGivesItBackUnchanged) {
  for (const std::string word :
       {"a b", "it's", "$(rm -rf /)", "x;y", "*", "", "`q`", "new\nline", "\"", "\\", "'", "a'b'c"}) {
    const std::string quoted = shell_quote(word);
    EXPECT_NE(quoted, word);
    auto echoed = lockstep::testing::run_shell("printf '%s' " + quoted);
    EXPECT_EQ(echoed.output, word) << quoted;
  }
}

TEST(ReplayLine, NamesTheModelQuotedAndTheTokenOrItsFile) {
  RunResult r;
  r.model = "my models/it's";
  r.failure = Failure{FailureKind::deadlock, "m", "", {}, {}, "AxVz", ""};
  EXPECT_EQ(format_replay_line(r), "lockstep replay 'my models/it'\\''s' AxVz");
  r.failure->token_file = "/tmp/a b.txt";
  EXPECT_EQ(format_replay_line(r), "lockstep replay 'my models/it'\\''s' --token-file '/tmp/a b.txt'");
  r.failure.reset();
  EXPECT_EQ(format_replay_line(r), "");
}

}  // namespace
