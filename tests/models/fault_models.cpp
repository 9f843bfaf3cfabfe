// Models that crash in the ways real code does; the checker must report each and live on.
#include <cstdlib>

#include <lockstep/lockstep.hpp>

using namespace lockstep;

namespace {
// Each frame keeps 512 bytes alive across the call, so the recursion cannot be folded.
int recurse(int depth) {
  volatile char frame[512];
  frame[0] = static_cast<char>(depth);
  return depth > 1000000 ? frame[0] : recurse(depth + 1) + frame[0];
}
}  // namespace

LOCKSTEP_MODEL("test/segfault", "a thread dereferences a null pointer after a race", expect::crash) {
  Atomic<int> x{0};
  Thread a("a", [&] { x.store(1); });
  Thread b("b", [&] {
    if (x.load() == 0) {
      volatile int* p = nullptr;
      *p = 1;
    }
  });
}

// When main holds the lock the execution deadlocks; unwound, `a` catches the Abort and
// crashes: its fiber is given up on, and the executions that follow run `a` on a new one.
LOCKSTEP_MODEL("test/crash-while-unwound", "a thread crashes when its execution unwinds it", expect::deadlock) {
  Lock m;
  Thread a("a", [&] {
    try {
      auto g = m.lock();
    } catch (...) {
      volatile int* p = nullptr;
      *p = 1;
    }
  });
  if (choose(2) == 1) {
    auto g = m.lock();
    a.join();
  }
}

// The thread's exception is in flight when its destructor crashes: the program that ran the
// check must not inherit that exception as one of its own.
LOCKSTEP_MODEL("test/crash-while-throwing", "a thread crashes in a destructor while unwinding", expect::crash) {
  Thread a("a", [] {
    struct CrashWhenDestroyed {
      ~CrashWhenDestroyed() {
        volatile int* p = nullptr;
        *p = 1;
      }
    };
    try {
      CrashWhenDestroyed c;
      throw 1;
    } catch (int) {
    }
  });
}

LOCKSTEP_MODEL("test/abort", "a thread calls abort()", expect::crash) {
  Thread a("a", [] { std::abort(); });
}

LOCKSTEP_MODEL("test/divide-by-zero", "a thread divides by zero", expect::crash) {
  Atomic<int> zero{0};
  Thread a("a", [&] {
    volatile int n = 7;
    volatile int z = zero.load();
    volatile int r = n / z;
    (void)r;
  });
}

LOCKSTEP_MODEL("test/stack-overflow", "a thread recurses without end", expect::stack_overflow) {
  Thread a("a", [] { recurse(0); });
}

LOCKSTEP_MODEL("test/invisible-loop", "a thread loops forever without a visible step", expect::step_limit) {
  Thread a("a", [] {
    volatile int spin = 0;
    for (;;) spin = spin + 1;
  });
}

// Every schedule crashes, so the whole exploration and its shortest-trace search are one
// crashed execution after another: each must give its stack back.
LOCKSTEP_MODEL("test/crash-every-schedule", "a thread dereferences a null pointer in every schedule", expect::crash) {
  Atomic<int> x{0};
  Thread a("a", [&] {
    x.store(1);
    volatile int* p = nullptr;
    *p = 1;
  });
  Thread b("b", [&] { x.store(2); });
}
