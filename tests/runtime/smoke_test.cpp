// The seed models run and reach their declared verdicts.
#include <lockstep/gtest.hpp>

TEST(Smoke, FaithfulSeedDeadlocks) { EXPECT_MODEL_FAILS("seeds/condition", lockstep::FailureKind::deadlock); }
TEST(Smoke, FixedSeedPasses) { EXPECT_MODEL_PASSES("seeds/condition-fixed", {{"consumers", 2}, {"items", 2}}); }
