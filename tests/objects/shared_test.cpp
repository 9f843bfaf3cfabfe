// Shared and data races: conflicting unordered accesses are reported naming both threads
// and both locations; spawn/join, locks, conditions, queues, events, semaphores and atomics
// order accesses, so correctly synchronized models pass (tests/models/race_models.cpp).
#include <lockstep/gtest.hpp>

#include <string>

using lockstep::FailureKind;
using lockstep::testing::run_model;

TEST(DataRace, UnorderedConflictingAccessesAreReported) {
  EXPECT_MODEL_FAILS("test/race-store-store", FailureKind::data_race);
  EXPECT_MODEL_FAILS("test/race-load-store", FailureKind::data_race);
  EXPECT_MODEL_FAILS("test/race-shared-flag", FailureKind::data_race);
}

TEST(DataRace, MessageNamesBothThreadsAndBothLocations) {
  auto r = run_model("test/race-store-store");
  ASSERT_TRUE(r.failure);
  const std::string& m = r.failure->message;
  EXPECT_NE(m.find("var1"), std::string::npos) << m;
  EXPECT_NE(m.find("a"), std::string::npos) << m;
  const bool names_both = (m.rfind("b stores", 0) == 0 && m.find("a's store") != std::string::npos) ||
                          (m.rfind("a stores", 0) == 0 && m.find("b's store") != std::string::npos);
  EXPECT_TRUE(names_both) << m;
  EXPECT_NE(m.find("tests/models/race_models.cpp:9"), std::string::npos) << m;
  EXPECT_NE(m.find("tests/models/race_models.cpp:10"), std::string::npos) << m;
}

TEST(DataRace, SynchronizedModelsPass) {
  EXPECT_MODEL_PASSES("test/race-free-spawn-join");
  EXPECT_MODEL_PASSES("test/locked-update");
  EXPECT_MODEL_PASSES("test/race-free-condition");
  EXPECT_MODEL_PASSES("test/race-free-queue");
  EXPECT_MODEL_PASSES("test/race-free-atomic-flag");
  EXPECT_MODEL_PASSES("test/sem-handoff");
  EXPECT_MODEL_PASSES("test/event-handoff");
  EXPECT_MODEL_PASSES("test/pqueue-fifo-per-producer");
  EXPECT_MODEL_PASSES("seeds/mydata-fixed", {{"items", 2}});
  EXPECT_MODEL_PASSES("seeds/condition-process-fixed");
}
