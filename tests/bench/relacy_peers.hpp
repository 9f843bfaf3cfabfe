// The Relacy versions of models/bench/peer_models.cpp, behind plain functions: Relacy's
// header redefines `new`, `delete` and `malloc`, so it stays inside relacy_peers.cpp.
#pragma once

#include <cstdint>

namespace lockstep::bench {

struct PeerResult {
  std::uint64_t executions;  // Relacy's iterations until its exhaustive search ended
  bool passed;
};

// Each runs one exhaustive search (rl::sched_full) of the model with these parameters.
PeerResult relacy_handoff(int items);
PeerResult relacy_bounded_buffer(int capacity, int items);
PeerResult relacy_mutex_counter(int increments);

}  // namespace lockstep::bench
