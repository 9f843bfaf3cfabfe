// threading.Barrier in a phased computation: each party writes its slot, waits, reads its
// neighbour's slot. With one wait per phase a fast party laps the barrier: it writes the
// next phase's slot while its neighbour still reads the current one (a data race; in
// Python, a stale or too-new value). A second wait after the reads closes the gap.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

namespace {
void phases_model(int waits_per_phase) {
  const int phases = param("phases", 2);
  Barrier barrier(2);
  barrier.name("barrier");
  Shared<int> slot[2] = {0, 0};
  slot[0].name("slot0");
  slot[1].name("slot1");
  auto party = [&](int me) {
    for (int phase = 1; phase <= phases; ++phase) {
      slot[me].store(phase * 10 + me);
      barrier.wait();
      check(slot[1 - me].load() == phase * 10 + (1 - me), "the neighbour's slot holds this phase's value");
      if (waits_per_phase == 2) barrier.wait();  // nobody writes the next phase before all have read
    }
  };
  Thread a("a", [&] { party(0); });
  Thread b("b", [&] { party(1); });
}
}  // namespace

LOCKSTEP_MODEL("primitives/barrier-lapped", "one barrier wait per phase: a fast party laps it", expect::data_race) {
  phases_model(1);
}

LOCKSTEP_MODEL("primitives/barrier-phases", "two barrier waits per phase: every read sees its phase") {
  phases_model(2);
}
