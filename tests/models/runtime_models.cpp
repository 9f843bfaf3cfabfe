// Tiny models for the runtime: exact execution counts, yield fairness, at_end, exceptions.
#include <new>
#include <stdexcept>
#include <string>

#include <lockstep/lockstep.hpp>

using namespace lockstep;

LOCKSTEP_MODEL("test/count-choose", "choose(3) then choose(2)") {
  choose(3);
  choose(2);
}

LOCKSTEP_MODEL("test/count-two-stores", "two threads, one store each, joined at scope exit") {
  Atomic<int> x{0};
  Atomic<int> y{0};
  Thread a("a", [&] { x.store(1); });
  Thread b("b", [&] { y.store(1); });
}

LOCKSTEP_MODEL("test/count-two-by-two", "two threads of two steps each, joined explicitly") {
  Atomic<int> x{0};
  Atomic<int> y{0};
  Thread a("a", [&] {
    x.store(1);
    x.store(2);
  });
  Thread b("b", [&] {
    y.store(1);
    y.store(2);
  });
  a.join();
  b.join();
}

// The same two threads on Shared variables: their stores are in the trace but are not
// scheduling points, so the only choice left (which join's thread finishes first) is none.
LOCKSTEP_MODEL("test/count-two-shared-stores", "two threads, one Shared store each, joined explicitly") {
  Shared<int> x{0};
  Shared<int> y{0};
  Thread a("a", [&] { x.store(1); });
  Thread b("b", [&] { y.store(1); });
  a.join();
  b.join();
  check(x.load() == 1 && y.load() == 1, "both stores landed");
}

// An Atomic, not a Shared: unlocked Shared accesses would fail first as a data race.
LOCKSTEP_MODEL("test/lost-update", "unlocked read-modify-write of a shared counter", expect::assertion) {
  Atomic<int> x{0};
  auto inc = [&] { x.store(x.load() + 1); };
  Thread a("a", inc);
  Thread b("b", inc);
  at_end([&] { check(x.load() == 2, "both increments landed"); });
}

LOCKSTEP_MODEL("test/locked-update", "lock-protected read-modify-write of a shared counter") {
  Shared<int> x{0};
  Lock m;
  auto inc = [&] {
    auto g = m.lock();
    x.store(x.load() + 1);
  };
  Thread a("a", inc);
  Thread b("b", inc);
  at_end([&] { check(x.load() == 2, "both increments landed"); });
}

LOCKSTEP_MODEL("test/spinlock", "a compare_exchange spin lock with yield terminates and excludes") {
  Atomic<int> flag{0};
  Shared<int> inside{0};
  auto worker = [&] {
    int expected = 0;
    while (!flag.compare_exchange(expected, 1)) {
      expected = 0;
      this_thread::yield();
    }
    check(inside.load() == 0, "mutual exclusion");
    inside.store(1);
    inside.store(0);
    flag.store(0);
  };
  Thread a("a", worker);
  Thread b("b", worker);
}

LOCKSTEP_MODEL("test/spin-until-set", "a spinner waits for a flag another thread sets, then the setter finishes") {
  Atomic<bool> flag{false};
  Thread spinner("spinner", [&] {
    while (!flag.load()) this_thread::yield();
  });
  Thread setter("setter", [&] { flag.store(true); });
}

LOCKSTEP_MODEL("test/spin-forever", "a spinner waits for a flag nobody sets", expect::livelock) {
  Atomic<bool> flag{false};
  Thread spinner("spinner", [&] {
    while (!flag.load()) this_thread::yield();
  });
}

LOCKSTEP_MODEL("test/busy-forever", "a thread loops on loads without yielding", expect::step_limit) {
  Shared<int> x{0};
  Thread t("t", [&] {
    while (x.load() == 0) {
    }
  });
}

LOCKSTEP_MODEL("test/throws", "a thread throws", expect::uncaught_exception) {
  Lock m;
  Thread t("t", [&] {
    auto g = m.lock();
    throw std::runtime_error("boom");
  });
}

LOCKSTEP_MODEL("test/with-releases-on-exception", "an exception leaving a with block releases the lock") {
  Lock m;
  Thread t("t", [&] {
    try {
      auto g = m.lock();
      throw std::runtime_error("handled");
    } catch (const std::runtime_error&) {
    }
  });
  t.join();
  auto g = m.lock();  // would deadlock if the guard had kept the lock
}

// While a unwinds an exception, its Guard's release is a step at which b can run. b must not
// take a's exception in flight for one of its own (the C++ runtime keeps that count per OS
// thread, which every model thread shares): b's Thread handle joins c at the end of its scope.
LOCKSTEP_MODEL("test/exception-in-flight-stays-in-its-thread", "one thread's unwinding does not leak into another's") {
  Lock m;
  Lock m2;
  Shared<bool> c_done{false};
  Thread a("a", [&] {
    try {
      auto g = m.lock();
      throw std::runtime_error("handled");
    } catch (const std::runtime_error&) {
    }
  });
  Thread b("b", [&] {
    { auto g = m2.lock(); }
    { Thread c("c", [&] { c_done.store(true); }); }
    check(c_done.load(), "b's handle joined c at the end of its scope");
  });
}

// Two threads each inside a catch block, taking steps there: `throw;` rethrows the thread's
// own exception, not the one the other thread caught last.
LOCKSTEP_MODEL("test/caught-exceptions-stay-in-their-thread", "each thread rethrows its own exception") {
  Lock m;
  auto body = [&m](const char* what) {
    try {
      throw std::runtime_error(what);
    } catch (const std::exception&) {
      { auto g = m.lock(); }
      try {
        throw;
      } catch (const std::exception& again) {
        check(std::string(again.what()) == what, "a thread rethrows the exception it caught");
      }
    }
  };
  Thread a("a", [&] { body("a"); });
  Thread b("b", [&] { body("b"); });
}

LOCKSTEP_MODEL("test/params", "declares two parameters") {
  const int a = param("a", 1);
  const int b = param("b", 2);
  check(a + b != 13, "a + b is not 13");
}

// In one of two schedules a thread's allocation fails: out_of_memory, not a generic exception.
LOCKSTEP_MODEL("test/bad-alloc", "thread b's allocation fails when it runs before a", expect::out_of_memory) {
  Atomic<int> x{0};
  Thread a("a", [&] { x.store(1); });
  Thread b("b", [&] {
    if (x.load() == 0) throw std::bad_alloc();
  });
}
