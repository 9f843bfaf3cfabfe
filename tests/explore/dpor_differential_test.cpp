// dpor, and bounded with an unreachable bound, against the naive oracle dfs on every
// registered model: all reach the same set of outcomes (failure kinds), exploring the whole
// state space without stopping at a failure; dpor never runs more executions. A model with a
// data race is the exception: both must find the race, but what its racy executions go on to
// do is not compared (Shared accesses are not scheduling points; the race is the verdict).
// Random programs over every primitive are tests/differential/'s (lockstep_difftest).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include <lockstep/lockstep.hpp>

#include "explore/dfs.hpp"
#include "explore/dpor.hpp"
#include "fiber/fault_guard.hpp"
#include "runtime/execution.hpp"

namespace lockstep {
namespace {

struct Exploration {
  std::set<std::string> outcomes;
  std::uint64_t executions = 0;
  std::uint64_t redundant = 0;
  bool complete = false;
};

// Runs every execution `strategy` asks for, failing ones included, up to `budget`.
Exploration explore(const ModelInfo& model, detail::Strategy& strategy, std::uint64_t budget) {
  detail::StackPool stacks;
  detail::FaultGuard guard;
  detail::Execution execution(model, {.params = {}, .max_steps = 2000, .spurious_wakeups = false}, stacks);
  Exploration out;
  while (strategy.next_execution()) {
    if (out.executions + out.redundant >= budget) return out;
    auto failure = execution.run(strategy);
    if (execution.abandoned()) {
      ++out.redundant;
      continue;
    }
    ++out.executions;
    out.outcomes.insert(failure ? std::string(to_string(failure->kind)) : "pass");
  }
  out.complete = strategy.complete();
  return out;
}

// The outcomes both strategies must agree on: all of them, or only the race.
std::set<std::string> verdicts(const std::set<std::string>& outcomes) {
  if (outcomes.contains("data_race")) return {"data_race"};
  return outcomes;
}

std::string describe(const std::set<std::string>& outcomes) {
  std::string s;
  for (const auto& o : outcomes) s += "\n  " + o;
  return s;
}

// Enough for the ABA pair of models/primitives/cpp_atomic.cpp (26458 dfs executions).
constexpr std::uint64_t kDfsBudget = 40000;

class RegisteredModel : public ::testing::TestWithParam<std::string> {};

// dpor, and bounded with a bound no schedule reaches, against dfs.
TEST_P(RegisteredModel, StrategiesReachWhatDfsReaches) {
  const ModelInfo* model = find_model(GetParam());
  ASSERT_NE(model, nullptr);
  detail::DfsStrategy dfs;
  const Exploration oracle = explore(*model, dfs, kDfsBudget);
  if (!oracle.complete) GTEST_SKIP() << GetParam() << ": more than " << kDfsBudget << " dfs executions";
  detail::DfsStrategy bounded(1000);
  const Exploration all_preemptions = explore(*model, bounded, kDfsBudget);
  EXPECT_TRUE(all_preemptions.complete);
  EXPECT_EQ(all_preemptions.outcomes, oracle.outcomes);
  EXPECT_EQ(all_preemptions.executions, oracle.executions);
  detail::DporStrategy dpor;
  const Exploration reduced = explore(*model, dpor, kDfsBudget);
  ASSERT_TRUE(reduced.complete);
  EXPECT_EQ(verdicts(reduced.outcomes), verdicts(oracle.outcomes)) << "dpor:" << describe(reduced.outcomes) << "\ndfs:"
                                               << describe(oracle.outcomes);
  EXPECT_LE(reduced.executions, oracle.executions);
}

std::vector<std::string> registered_names() {
  std::vector<std::string> names;
  for (const ModelInfo* m : models()) {
    // Models that exist to hit the step limit, a livelock or the CPU watchdog run to a bound,
    // not to an outcome a reduction could change; they only cost time here.
    if (m->expected == FailureKind::step_limit || m->expected == FailureKind::livelock ||
        m->name == "test/endless-turns") {
      continue;
    }
    names.emplace_back(m->name);
  }
  return names;
}

INSTANTIATE_TEST_SUITE_P(Models, RegisteredModel, ::testing::ValuesIn(registered_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace lockstep
