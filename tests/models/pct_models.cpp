// Bugs of known depth (Burckhardt et al., ASPLOS'10): the number of orderings between steps
// of different threads that must all hold for the bug to show.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

// b's load must fall between a's two stores: a1 < b1 < a2.
LOCKSTEP_MODEL("test/pct-depth-2", "b reads the value a holds only between its two stores", expect::assertion) {
  Atomic<int> x{0};
  Thread a("a", [&] {
    x.store(1);
    x.store(2);
  });
  Thread b("b", [&] { check(x.load() != 1, "b saw the intermediate value"); });
}

// b's two loads must fall around a's second store: a1 < b1 < a2 < b2.
LOCKSTEP_MODEL("test/pct-depth-3", "b reads 1 then 2: its loads fall around a's second store", expect::assertion) {
  Atomic<int> x{0};
  Thread a("a", [&] {
    x.store(1);
    x.store(2);
  });
  Thread b("b", [&] {
    const int first = x.load();
    const int second = x.load();
    check(!(first == 1 && second == 2), "b saw both intermediate values");
  });
}
