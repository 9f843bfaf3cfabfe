// std::atomic's classic bugs: a lost update (load then store where a read-modify-write was
// needed), ABA in a Treiber stack's pop, and a compare_exchange_weak whose failure is taken
// to mean "another thread won". Each next to its fix.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

static void counter_model(bool read_modify_write) {
  Atomic<int> counter{"counter", 0};
  auto add = [&] {
    if (read_modify_write) {
      ++counter;
      counter += 2;
    } else {
      counter.store(counter.load() + 1);
      counter.store(counter.load() + 2);
    }
  };
  Thread a("a", add);
  Thread b("b", add);
  a.join();
  b.join();
  check(counter.load() == 6, "no increment is lost");
}

LOCKSTEP_MODEL("primitives/cpp-atomic-lost-update", "load + store instead of fetch_add loses increments",
               expect::assertion) {
  counter_model(false);
}
LOCKSTEP_MODEL("primitives/cpp-atomic-lost-update-fixed", "++ and += are single read-modify-writes") {
  counter_model(true);
}

// A Treiber stack of nodes 1..3 (0 ends it), links in atomics. Tagged, `top` holds a
// version above the node (tag << 8 | node) that every successful exchange bumps.
static void aba_model(bool tagged) {
  Atomic<int> top{"top", 1};
  Atomic<int> next[4] = {{"next0", 0}, {"next1", 2}, {"next2", 3}, {"next3", 0}};
  auto node = [tagged](int word) { return tagged ? word & 0xff : word; };
  auto word = [tagged](int old, int n) { return tagged ? (((old >> 8) + 1) << 8) | n : n; };
  auto pop = [&]() -> int {
    for (;;) {
      int old = top.load();
      const int n = node(old);
      if (n == 0) return 0;
      const int after = next[n].load();
      if (top.compare_exchange(old, word(old, after))) return n;
    }
  };
  auto push = [&](int n) {
    for (;;) {
      int old = top.load();
      next[n].store(node(old));
      if (top.compare_exchange(old, word(old, n))) return;
    }
  };
  int first = 0;
  int second = 0;
  int mine = 0;
  Thread t1("t1", [&] { mine = pop(); });
  Thread t2("t2", [&] {
    first = pop();
    second = pop();
    push(first);
  });
  t1.join();
  t2.join();
  // Whatever a thread popped and kept must be off the stack.
  int steps = 0;
  for (int n = node(top.load()); n != 0 && steps < 4; n = next[n].load(), ++steps) {
    check(n != mine && n != second, "a node popped and kept is not on the stack");
  }
}

LOCKSTEP_MODEL("primitives/cpp-atomic-aba", "Treiber stack pop: compare_exchange succeeds on a recycled top (ABA)",
               expect::assertion) {
  aba_model(false);
}
LOCKSTEP_MODEL("primitives/cpp-atomic-aba-fixed", "a version tag in top makes the stale exchange fail") {
  aba_model(true);
}

// Claiming a one-shot job: whoever exchanges false -> true does it. compare_exchange_weak
// may fail spuriously, so a failure with `expected` still false says nothing.
static void claim_model(bool retry) {
  Atomic<bool> claimed{"claimed", false};
  Atomic<int> done{"done", 0};
  auto claim = [&] {
    bool expected = false;
    while (!claimed.compare_exchange_weak(expected, true)) {
      if (!retry || expected) return;  // only a failure that saw true means another won
    }
    done.fetch_add(1);
  };
  Thread a("a", claim);
  Thread b("b", claim);
  a.join();
  b.join();
  check(done.load() == 1, "exactly one thread does the job");
}

LOCKSTEP_MODEL("primitives/cpp-atomic-cas-weak", "a spurious compare_exchange_weak failure taken as a loss",
               expect::assertion) {
  claim_model(false);
}
LOCKSTEP_MODEL("primitives/cpp-atomic-cas-weak-fixed", "retry while the failure saw the expected value") {
  claim_model(true);
}
