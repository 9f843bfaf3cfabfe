// The lockstep program's exit status: 0 ok, 1 failure, 2 bad input, 3 incomplete.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "cli/cli_runner.hpp"

using lockstep::testing::lockstep_cli;

TEST(CliExit, PassingModelExitsZero) {
  auto o = lockstep_cli("run seeds/condition-fixed");
  EXPECT_EQ(o.status, 0) << o.output;
  EXPECT_NE(o.output.find("pass, exploration complete"), std::string::npos) << o.output;
}

TEST(CliExit, ExpectedFailureExitsZeroAndPrintsTheTrace) {
  auto o = lockstep_cli("run seeds/condition");
  EXPECT_EQ(o.status, 0) << o.output;
  EXPECT_NE(o.output.find("deadlock (as expected)"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("blocked threads:"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("models/seeds/condition.cpp:"), std::string::npos) << o.output;
}

TEST(CliExit, UnexpectedFailureExitsOne) {
  auto o = lockstep_cli("run seeds/condition-fixed --param items=1");
  EXPECT_EQ(o.status, 1) << o.output;
  EXPECT_NE(o.output.find("deadlock"), std::string::npos) << o.output;
}

TEST(CliExit, BoundedExplorationExitsThree) {
  auto o = lockstep_cli("run seeds/condition-fixed --max-executions 1");
  EXPECT_EQ(o.status, 3) << o.output;
}

TEST(CliExit, GlobSelectsModels) {
  auto o = lockstep_cli("run 'seeds/condition-*' --quiet");
  EXPECT_EQ(o.status, 0) << o.output;
  EXPECT_NE(o.output.find("seeds/condition-skip"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("seeds/condition-fixed"), std::string::npos) << o.output;
}

TEST(CliExit, BadInputExitsTwoWithOneLine) {
  for (const char* args : {"run no/such-model", "run seeds/condition-fixed --param nope=1",
                           "run seeds/condition-fixed --param items=x", "run seeds/condition-fixed --param items",
                           "run seeds/condition-fixed --no-such-flag", "run", "frobnicate",
                           "run seeds/condition-fixed --max-steps 0", "run seeds/condition-fixed --strategy nope"}) {
    auto o = lockstep_cli(args);
    EXPECT_EQ(o.status, 2) << args << "\n" << o.output;
    EXPECT_EQ(o.output.find("lockstep: "), 0u) << args << "\n" << o.output;
    EXPECT_EQ(std::count(o.output.begin(), o.output.end(), '\n'), 1) << args << "\n" << o.output;
  }
}

TEST(CliExit, RunAllExitsZeroOnAHealthyTree) {
  auto o = lockstep_cli("run --all --quiet");
  EXPECT_EQ(o.status, 0) << o.output;
}

TEST(CliExit, ListShowsModelsWithParametersAndExpectations) {
  auto o = lockstep_cli("list");
  EXPECT_EQ(o.status, 0) << o.output;
  EXPECT_NE(o.output.find("seeds/condition-fixed"), std::string::npos);
  EXPECT_NE(o.output.find("consumers=2 items=2"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("(demonstrates: deadlock)"), std::string::npos);
}
