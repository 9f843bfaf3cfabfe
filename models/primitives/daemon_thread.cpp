// Daemon threads: Python does not wait for them at exit, so work left to a daemon may never
// happen. The classic bug hands the last write to a daemon flusher and exits; the program
// ends (no deadlock: a daemon is abandoned) with the data unflushed. The fix waits for the
// flush with an Event before exiting.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

namespace {
void flusher_model(bool fixed) {
  Queue<int> pending;
  pending.name("pending");
  Event flushed;
  flushed.name("flushed");
  int on_disk = 0;
  at_end([&] { check(on_disk == 1, "the record reached the disk before the program ended"); });
  Thread flusher("flusher", [&] {
    for (;;) {
      on_disk += pending.get();
      flushed.set();
    }
  }, {.daemon = true});
  pending.put(1);
  if (fixed) flushed.wait();  // the fix: exit only once the flusher is done
}
}  // namespace

LOCKSTEP_MODEL("primitives/daemon-work-lost", "the program exits before its daemon flusher ran", expect::assertion) {
  flusher_model(false);
}
LOCKSTEP_MODEL("primitives/daemon-work-awaited", "the program waits for the daemon flusher's Event") {
  flusher_model(true);
}
