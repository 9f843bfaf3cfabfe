// Depth-first search replays the prefix of each path it explores; a model that does not
// behave the same way again is reported, not explored wrongly.
#include <gtest/gtest.h>

#include <string>

#include "lockstep/gtest.hpp"
#include "lockstep/lockstep.hpp"

namespace {

using namespace lockstep;

// Every other execution spawns a third thread: the enabled sets that dfs recorded no longer
// hold when it replays them. Not registered: every registered model must be deterministic.
void spawns_differently() {
  static int executions = 0;
  const bool third = executions++ % 2 == 1;
  Lock m;
  auto body = [&m] { auto g = m.lock(); };
  Thread a("a", body);
  Thread b("b", body);
  if (third) Thread("c", body).join();
}

TEST(Dfs, ReportsAModelThatBehavesDifferentlyOnReplay) {
  const detail::ModelInfo model{"test/dfs/spawns-differently", "", std::nullopt, spawns_differently,
                                std::source_location::current()};
  for (const char* strategy : {"dfs", "bounded"}) {
    RunResult r = run(model, {.strategy = strategy, .preemptions = 2});
    ASSERT_TRUE(r.failure) << strategy;
    EXPECT_EQ(r.failure->kind, FailureKind::nondeterministic_model) << strategy;
    EXPECT_NE(r.failure->message.find("is the model fully deterministic?"), std::string::npos) << r.failure->message;
    EXPECT_EQ(r.verdict, Verdict::fail);
  }
}

}  // namespace
