// The C++ twin of tests/bench/handoff.py, for tests/bench/python_vs_cpp.py: the same
// hand-off, step for step (plain variables under the Condition's lock, as the Python script
// has), so that both explore the same executions of the same steps and their steps per
// second compare the cost of a step.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

LOCKSTEP_MODEL("bench/handoff-python-twin", "the hand-off of tests/bench/handoff.py, step for step") {
  struct State {
    int items = param("items", 3);
    Condition cv;
    int data = 0;
    bool full = false;
    int seen = 0;
  } s;
  Thread producer("producer", [&s] {
    for (int i = 1; i <= s.items; ++i) {
      auto lock = s.cv.lock();
      s.cv.wait_for(lock, [&s] { return !s.full; });
      s.data = i;
      s.full = true;
      s.cv.notify();
    }
  });
  Thread consumer("consumer", [&s] {
    for (int i = 1; i <= s.items; ++i) {
      auto lock = s.cv.lock();
      s.cv.wait_for(lock, [&s] { return s.full; });
      if (s.data == i) ++s.seen;
      s.full = false;
      s.cv.notify();
    }
  });
  producer.join();
  consumer.join();
  check(s.seen == s.items, "consumer saw every value once, in order");
}
