// The tester's own parts: the generator covers the whole vocabulary at every position and
// every thread shape, deterministically; the shrinker finds a minimal program.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "differential/generator.hpp"
#include "differential/shrinker.hpp"

namespace lockstep::difftest {
namespace {

constexpr int kPrograms = 3000;

bool only_closes(Code c) {  // placed only after the step it closes
  return c == Code::lock_release || c == Code::cv_exit || c == Code::timer_cancel || c == Code::rw_unlock;
}

TEST(DiffGenerator, EveryOperationComesFirstAndLastInSomeThread) {
  std::set<Code> first, last;
  for (int seed = 1; seed <= kPrograms; ++seed) {
    const Program p = generate(static_cast<std::uint64_t>(seed));
    for (std::size_t t = 1; t < p.threads.size(); ++t) {
      if (p.threads[t].empty()) continue;
      first.insert(p.threads[t].front().code);
      last.insert(p.threads[t].back().code);
    }
  }
  for (const OpInfo& row : kOps) {
    if (!only_closes(row.code)) {
      EXPECT_TRUE(first.contains(row.code)) << row.name << " is never a thread's first step";
    }
    EXPECT_TRUE(last.contains(row.code)) << row.name << " is never a thread's last step";
  }
}

// A Python exception of every kind can be raised, caught or let escape: each raising
// operation comes with a value that lets it escape and one that catches it.
TEST(DiffGenerator, RaisingOperationsBothCatchAndEscape) {
  const auto escapes = [](const Step& s) {
    switch (s.code) {
      case Code::sem_release:
      case Code::bar_wait:
      case Code::q_get_nowait:
      case Code::q_task_done: return s.value == 1;
      default: return s.value < 0;
    }
  };
  std::set<std::pair<Code, bool>> seen;
  for (int seed = 1; seed <= kPrograms; ++seed) {
    for (const auto& thread : generate(static_cast<std::uint64_t>(seed)).threads) {
      for (const Step& s : thread) seen.insert({s.code, escapes(s)});
    }
  }
  for (Code c : {Code::sem_release, Code::sem_release_n, Code::bar_wait, Code::bar_wait_timed, Code::q_put_timed,
                 Code::q_put_nowait, Code::q_get_nowait, Code::q_task_done}) {
    EXPECT_TRUE(seen.contains({c, true})) << info(c).name << " never lets its exception escape";
    EXPECT_TRUE(seen.contains({c, false})) << info(c).name << " never catches its exception";
  }
}

TEST(DiffGenerator, ThreadShapes) {
  std::set<std::size_t> sizes;
  int nested = 0, joined_by_other = 0, never_joined = 0, joined_twice = 0, daemons = 0, probed = 0, probed_by_other = 0;
  for (int seed = 1; seed <= kPrograms; ++seed) {
    const Program p = generate(static_cast<std::uint64_t>(seed));
    sizes.insert(p.threads.size());
    for (int k = 1; k < static_cast<int>(p.threads.size()); ++k) {
      const SpawnSite site = spawn_site(p, k);
      ASSERT_GE(site.parent, 0) << "thread " << k << " is never started:\n" << print(p);
      nested += site.parent != 0;
      daemons += p.threads[static_cast<std::size_t>(site.parent)][static_cast<std::size_t>(site.index)].value == 1;
      int joins = 0;
      for (std::size_t t = 0; t < p.threads.size(); ++t) {
        for (std::size_t i = 0; i < p.threads[t].size(); ++i) {
          const Step& s = p.threads[t][i];
          if ((s.code == Code::is_alive || s.code == Code::join_timed || s.code == Code::join_poll) && s.obj == k) {
            ASSERT_TRUE(can_join(p, static_cast<int>(t), static_cast<int>(i), k)) << print(p);
            ++probed;
            probed_by_other += t != static_cast<std::size_t>(site.parent);
          }
          if (s.code != Code::join || s.obj != k) continue;
          ASSERT_TRUE(can_join(p, static_cast<int>(t), static_cast<int>(i), k)) << print(p);
          ++joins;
          joined_by_other += t != static_cast<std::size_t>(site.parent);
        }
      }
      never_joined += joins == 0;
      joined_twice += joins == 2;
    }
  }
  EXPECT_EQ(sizes, (std::set<std::size_t>{2, 3, 4}));
  EXPECT_GT(nested, kPrograms / 10);
  EXPECT_GT(joined_by_other, kPrograms / 20);
  EXPECT_GT(never_joined, kPrograms / 10);
  EXPECT_GT(joined_twice, kPrograms / 50);
  EXPECT_GT(daemons, kPrograms / 10);
  EXPECT_GT(probed, kPrograms / 5);
  EXPECT_GT(probed_by_other, kPrograms / 20);
}

TEST(DiffGenerator, TheSameSeedGivesTheSameProgram) {
  EXPECT_EQ(generate(42), generate(42));
  EXPECT_NE(generate(42), generate(43));
}

TEST(DiffShrinker, KeepsOnlyWhatTheFailureNeeds) {
  // "Fails" when some thread other than main sets ev: one spawn and that step remain.
  const auto sets_in_thread = [](const Program& p) {
    for (std::size_t t = 1; t < p.threads.size(); ++t) {
      for (const Step& s : p.threads[t]) {
        if (s.code == Code::ev_set) return true;
      }
    }
    return false;
  };
  int shrunk = 0;
  for (int seed = 1; seed <= 200 && shrunk < 5; ++seed) {
    const Program p = generate(static_cast<std::uint64_t>(seed));
    if (!sets_in_thread(p)) continue;
    const Program small = shrink(p, sets_in_thread);
    EXPECT_EQ(small, (Program{{{{Code::spawn, 1, 0}}, {{Code::ev_set, 0, 0}}}})) << print(p) << "\n->\n" << print(small);
    ++shrunk;
  }
  EXPECT_EQ(shrunk, 5);
}

TEST(DiffShrinker, StepsTheFailureDoesNotNeedBecomePlainLoads) {
  // "Fails" while thread 1 has two steps (not a thread's): whatever they were, they end as
  // two loads of a0 (the sampler's first divergence shrank to such a program only so).
  const auto two_steps = [](const Program& p) {
    return p.threads.size() > 1 && std::count_if(p.threads[1].begin(), p.threads[1].end(), [](const Step& s) {
                                     return info(s.code).family != Family::thread;
                                   }) >= 2;
  };
  int shrunk = 0;
  for (int seed = 1; seed <= 200 && shrunk < 5; ++seed) {
    const Program p = generate(static_cast<std::uint64_t>(seed));
    if (!two_steps(p)) continue;
    EXPECT_EQ(shrink(p, two_steps),
              (Program{{{{Code::spawn, 1, 0}}, {{Code::a_load, 0, 0}, {Code::a_load, 0, 0}}}}))
        << print(p);
    ++shrunk;
  }
  EXPECT_EQ(shrunk, 5);
}

TEST(DiffShrinker, NormalizeDropsThreadsNothingStartsAndRenumbers) {
  const Program p{{
      {{Code::spawn, 2, 0}, {Code::join, 1, 0}, {Code::join, 2, 0}},
      {{Code::yield, 0, 0}},
      {{Code::sleep, 0, 1}},
  }};
  EXPECT_EQ(normalize(p), (Program{{{{Code::spawn, 1, 0}, {Code::join, 1, 0}}, {{Code::sleep, 0, 1}}}}));
}

}  // namespace
}  // namespace lockstep::difftest
