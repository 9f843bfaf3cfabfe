// std::latch's classic bug: a latch counted down too few times. It expects the two workers
// and main, but main calls wait() where it meant arrive_and_wait(): nobody ever opens it.
#include <lockstep/latch.hpp>
#include <lockstep/lockstep.hpp>

using namespace lockstep;

static void start_line_model(bool main_arrives) {
  Latch ready{"ready", 3};
  Shared<int> left{"left", 0};
  Shared<int> right{"right", 0};
  Thread a("a", [&] {
    left.store(1);
    ready.arrive_and_wait();
  });
  Thread b("b", [&] {
    right.store(2);
    ready.arrive_and_wait();
  });
  if (main_arrives) {
    ready.arrive_and_wait();
  } else {
    ready.wait();  // the bug: main does not count itself
  }
  // count_down happens before the wait it lets through: no data race here.
  check(left.load() + right.load() == 3, "both workers arrived before main went on");
  a.join();
  b.join();
}

LOCKSTEP_MODEL("primitives/cpp-latch-too-few", "main waits on a latch it was meant to count down",
               expect::deadlock) {
  start_line_model(false);
}

LOCKSTEP_MODEL("primitives/cpp-latch-fixed", "every party arrives: arrive_and_wait") { start_line_model(true); }
