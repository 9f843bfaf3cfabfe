// The models as GoogleTest cases: a failure prints the trace and `mailbox_check replay ...`.
#include <lockstep/gtest.hpp>

TEST(Mailbox, HandsOverEveryValueInOrder) {
  EXPECT_MODEL_PASSES("mailbox/handoff");
  EXPECT_MODEL_PASSES("mailbox/handoff", {{"items", 4}});
}

TEST(Mailbox, IfInsteadOfWhileTakesFromAnEmptyMailbox) {
  EXPECT_MODEL_FAILS("mailbox/if-not-while", lockstep::FailureKind::assertion);
}
