// Random programs over every operation of program.hpp: 2-4 threads, some spawned by spawned
// threads, each opened section (acquire, `with cv:`, a semaphore taken) usually closed later,
// joins by any thread that can see the handle, anywhere after it exists, or none at all;
// some threads daemons, half asked is_alive() or join(timeout), or polled with join(timeout=1),
// by their parent or any thread that can see the handle.
#pragma once

#include <cstdint>

#include "differential/program.hpp"

namespace lockstep::difftest {

struct GeneratorOptions {
  int min_threads = 2;  // the model body included
  int max_threads = 4;
  int max_steps = 10;   // over all threads, spawns and joins included (keeps dfs feasible)
};

Program generate(std::uint64_t seed, const GeneratorOptions& options = {});

// Which thread's `spawn k` step starts thread k, and where: {-1, -1} when none does.
struct SpawnSite {
  int parent;
  int index;
};
SpawnSite spawn_site(const Program& p, int thread);
// Whether thread `joiner` can join thread `k` at its step `at` (`at` == size: at its end):
// the handle exists there, as the spawn of k happens before it in program order. The same
// places may ask k is_alive() or join(k, timeout), or poll its end.
bool can_join(const Program& p, int joiner, int at, int k);

}  // namespace lockstep::difftest
