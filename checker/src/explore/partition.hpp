// A deterministic partition of dfs's tree (dfs and bounded) into units, so that several
// explorers share one tree: the shards of --shard K/N (each its own process, maybe its own
// machine) and the workers of --jobs (OS threads of one process).
//
// The split depth d is read off the first execution, which every explorer runs alike: the
// fewest choices whose branching factors multiply to at least split_target(). A unit is a
// prefix of d choices (the subtree under it), or a whole execution that ended with fewer.
// Every explorer walks the tree in the same depth-first order, so it meets the units in the
// same order and numbers them alike; it explores the units it claims and abandons each other
// one at its d-th choice (that partial run counts nowhere). The units partition the leaves,
// so the executions of all explorers add up to the whole tree's, exactly.
#pragma once

#include <atomic>
#include <bit>
#include <cstdint>
#include <vector>

#include "explore/path.hpp"

namespace lockstep::detail {

struct Partition {
  std::uint64_t shard = 0;   // this process's shard, 0-based
  std::uint64_t shards = 1;  // --shard K/N: N
  // Several workers of this process claim units: the first worker to reach a unit explores
  // it. Each worker meets the units in increasing order and claims every free one it meets,
  // so the units claimed so far are exactly those below `frontier`. On a cache line of its
  // own: the workers write it at every unit, and read their other shared state at every
  // execution (explore/parallel.cpp).
  bool shared = false;
  alignas(64) std::atomic<std::uint64_t> frontier{0};

  // Units about 256 per shard for dfs: enough for two workers to share a shard's part evenly,
  // few enough that the partial runs abandoning other explorers' units cost little.
  // Independent of --jobs, so that the shards of one run agree whatever --jobs each was given.
  // dpor takes 1 (explore/dpor_units.hpp): each unit's dpor starts afresh below its prefix, so
  // the shallower the split the less is explored twice (16 per shard made 4 shards explore
  // 4 to 143 times what one dpor run does on models/bench, 1 per shard 1 to 12 times).
  std::uint64_t units_per_shard = 256;
  std::uint64_t split_target() const { return units_per_shard * shards; }
  // The split depth read off the first execution's choices (all of them when they never
  // reach split_target()).
  std::size_t split_depth(const std::vector<Choice>& choices) const {
    const auto target = static_cast<double>(split_target());
    double product = 1;
    for (std::size_t i = 0; i < choices.size(); ++i) {
      const Choice& c = choices[i];
      product *= c.kind == Choice::Kind::thread ? std::popcount(c.alternatives) : static_cast<double>(c.alternatives);
      if (product >= target) return i + 1;
    }
    return choices.size();
  }

  bool claim(std::uint64_t unit) {
    if (unit % shards != shard) return false;
    if (!shared) return true;
    std::uint64_t f = frontier.load(std::memory_order_relaxed);
    while (f <= unit) {
      if (frontier.compare_exchange_weak(f, unit + 1, std::memory_order_relaxed)) return true;
    }
    return false;
  }
};

}  // namespace lockstep::detail
