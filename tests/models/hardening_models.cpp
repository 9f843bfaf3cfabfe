// Models that attack the checker's own reports: names and messages that are not UTF-8,
// executions that never end (their tokens hold up to millions of choices).
#include <lockstep/lockstep.hpp>

using namespace lockstep;

// \xff\xfe: never UTF-8; \xc3\x28: a lead byte without its continuation; \xed\xa0\x80: a
// surrogate; \x01 and \x1b: control characters XML cannot hold.
LOCKSTEP_MODEL("test/invalid-utf8", "a thread name and a check message that are not UTF-8", expect::assertion) {
  Thread t("bad\xff\xfe name\x01", [] { check(false, "message \xc3\x28 and \xed\xa0\x80 and <&>\x1b[31m"); });
}

// One thread that counts forever: each execution ends at --max-steps.
LOCKSTEP_MODEL("test/endless", "a thread that counts forever: stopped by the step limit", expect::step_limit) {
  Atomic<int> x{0};
  Thread a("a", [&] {
    while (true) x.fetch_add(1);
  });
}

// Two threads that take turns forever (each yields after a step), so the choices of an
// execution cycle through both threads rather than repeat one; only yielding to each other,
// they are a livelock. Declared as nothing, so that `run --quiet` prints its replay line.
LOCKSTEP_MODEL("test/endless-turns", "two threads that count and yield forever") {
  Atomic<int> x{0};
  auto count = [&] {
    while (true) {
      x.fetch_add(1);
      this_thread::yield();
    }
  };
  Thread a("a", count);
  Thread b("b", count);
}
