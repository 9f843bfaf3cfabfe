// Models that do what no model should: leave the process, block in the kernel, print,
// use real threads, fork, eat memory. They are compiled into `lockstep_hostile` (the CLI
// with these models only), never into a program that explores in-process: only the
// supervisor (checker/cli/supervisor.hpp) survives them. tests/cli/supervisor_test.cpp
// runs them.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <lockstep/lockstep.hpp>
#include <memory>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

using namespace lockstep;

namespace {

// Runs `misbehave` in thread b when b reads x before a wrote it: one schedule of two.
void in_one_schedule(void (*misbehave)()) {
  Atomic<int> x{0};
  Thread a("a", [&] { x.store(1); });
  Thread b("b", [&] {
    if (x.load() == 0) misbehave();
  });
}

}  // namespace

// Where hostile/leak keeps its latest block: the compiler may not leave the allocations out.
char* volatile leaked = nullptr;

// A MiB more. AddressSanitizer's shadow memory rules out an address-space limit there
// (--memory-limit is not applied), so under it the models run out at 512 MiB by themselves.
void one_more_mib() {
#if defined(__SANITIZE_ADDRESS__)
  static int blocks = 0;
  if (++blocks > 512) throw std::bad_alloc();
#endif
}

LOCKSTEP_MODEL("hostile/exit-0", "thread b calls exit(0) when it runs before a") {
  in_one_schedule([] { std::exit(0); });
}

LOCKSTEP_MODEL("hostile/exit-3", "thread b calls exit(3) when it runs before a") {
  in_one_schedule([] { std::exit(3); });
}

LOCKSTEP_MODEL("hostile/underscore-exit", "thread b calls _exit(5) when it runs before a: no exit handler runs") {
  in_one_schedule([] { ::_exit(5); });
}

LOCKSTEP_MODEL("hostile/sleep", "thread b sleeps in the kernel for a day when it runs before a") {
  in_one_schedule([] { ::sleep(100000); });
}

LOCKSTEP_MODEL("hostile/mutex-twice", "thread b locks a std::mutex twice when it runs before a") {
  in_one_schedule([] {
    static std::mutex m;
    m.lock();
    m.lock();
  });
}

LOCKSTEP_MODEL("hostile/std-thread", "a real std::thread loads a lockstep Atomic") {
  Atomic<int> x{0};
  std::thread t([&] { (void)x.load(); });
  t.join();
}

LOCKSTEP_MODEL("hostile/fork", "the model forks its process in every execution; the copy goes on exploring") {
  Atomic<int> x{0};
  Thread a("a", [&] { x.store(1); });
  if (::fork() == 0) std::printf("the fork goes on\n");
  (void)x.load();
}

LOCKSTEP_MODEL("hostile/allocate", "thread a allocates and touches memory without bound") {
  Thread a("a", [] {
    std::vector<std::unique_ptr<char[]>> blocks;
    while (true) {
      one_more_mib();
      blocks.emplace_back(new char[1 << 20]);
      for (int i = 0; i < (1 << 20); i += 4096) blocks.back()[i] = 1;
    }
  });
}

LOCKSTEP_MODEL("hostile/leak", "thread a leaks memory without bound and never frees it") {
  Thread a("a", [] {
    while (true) {
      one_more_mib();
      char* block = new char[1 << 20];
      for (int i = 0; i < (1 << 20); i += 4096) block[i] = 1;
      leaked = block;
    }
  });
}

LOCKSTEP_MODEL("hostile/prints", "a correct model that prints to stdout and stderr in every execution") {
  Atomic<int> x{0};
  Thread a("a", [&] {
    std::printf("stdout of the model\n");
    std::fflush(stdout);
    x.store(1);
  });
  std::cerr << "stderr of the model\n";
  (void)x.load();
}

LOCKSTEP_MODEL("hostile/exit-at-once", "the model calls exit(3) in its first step") { std::exit(3); }

LOCKSTEP_MODEL("hostile/slow", "a correct model with 10^10 executions (hours)") {
  const int n = param("n", 100000);
  (void)choose(n);
  (void)choose(n);
}
