// What an exploration publishes for a supervisor (explore/publication.hpp): progress, the
// parameters, and the choices of the execution in progress, never a stale execution's.
#include "explore/publication.hpp"

#include <gtest/gtest.h>

#include <lockstep/gtest.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "explore/in_flight.hpp"
#include "lockstep/lockstep.hpp"

namespace {

using lockstep::detail::Choice;
using lockstep::detail::Publication;

// What the model below saw published at its end, in the execution that chose 2.
Publication* watched = nullptr;
std::optional<std::vector<Choice>> seen_choices;

// Three executions (choose(3)); each one publishes itself at its end, as a dying process does.
LOCKSTEP_MODEL("test/publishes-in-flight", "publishes the execution in progress from inside it") {
  const int n = lockstep::param("n", 3);
  lockstep::Atomic<int> x{0};
  lockstep::Thread a("a", [&] { x.store(1); });
  a.join();
  if (lockstep::choose(n) == 2 && watched != nullptr) {
    lockstep::detail::publish_in_flight();
    seen_choices = lockstep::detail::published_choices(*watched);
  }
}

struct Room {
  explicit Room(std::size_t capacity) : memory(new char[Publication::bytes_for(capacity)]) {
    publication = Publication::create(memory.get(), capacity);
  }
  std::unique_ptr<char[]> memory;
  Publication* publication;
};

TEST(Publication, HoldsTheProgressTheParametersAndTheChoicesInProgress) {
  Room room(64);
  watched = room.publication;
  seen_choices.reset();
  lockstep::RunOptions options;
  options.publication = room.publication;
  const lockstep::RunResult r = lockstep::testing::run_model("test/publishes-in-flight", {{"n", 4}}, options);
  watched = nullptr;
  ASSERT_EQ(r.executions, 4u);
  EXPECT_EQ(room.publication->executions.load(), 4u);
  EXPECT_EQ(room.publication->total_steps.load(), r.steps);
  const auto params = lockstep::detail::published_params(*room.publication);
  ASSERT_TRUE(params);
  EXPECT_EQ(*params, (lockstep::Params{{"n", 4}}));
  // Execution 3 (choose -> 2): its thread picks, then the value 2 of 4.
  ASSERT_TRUE(seen_choices) << "the execution in progress was not published";
  ASSERT_FALSE(seen_choices->empty());
  EXPECT_EQ(seen_choices->back().kind, Choice::Kind::value);
  EXPECT_EQ(seen_choices->back().chosen, 2u);
  EXPECT_EQ(seen_choices->back().alternatives, 4u);
  // Once that execution ended, its choices are stale: no token may be built from them.
  EXPECT_FALSE(lockstep::detail::published_choices(*room.publication));
}

TEST(Publication, ChoicesBeyondTheRoomAreRefused) {
  Room room(1);
  watched = room.publication;
  seen_choices.reset();
  lockstep::RunOptions options;
  options.publication = room.publication;
  (void)lockstep::testing::run_model("test/publishes-in-flight", {}, options);
  watched = nullptr;
  EXPECT_FALSE(seen_choices) << "more choices than room must not look like a whole execution";
}

TEST(Publication, NothingIsPublishedInProcess) {
  watched = nullptr;
  const lockstep::RunResult r = lockstep::testing::run_model("test/publishes-in-flight");
  EXPECT_EQ(r.verdict, lockstep::Verdict::pass);
  EXPECT_EQ(r.executions, 3u);
}

TEST(OutOfMemory, BadAllocInAModelThreadIsOutOfMemory) {
  const lockstep::RunResult r = lockstep::testing::run_model("test/bad-alloc");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, lockstep::FailureKind::out_of_memory);
  EXPECT_NE(r.failure->message.find("thread b ran out of memory"), std::string::npos) << r.failure->message;
  EXPECT_EQ(r.failure->trace.back().thread, "b");
  EXPECT_TRUE(r.as_expected);
}

}  // namespace
