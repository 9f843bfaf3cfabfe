// How large optimal DPOR's tree is, estimated while it is explored. Its branching factors are
// not known in advance: a scheduling point gets a new branch each time a later execution finds
// a race to reverse there. Knuth's product along each execution (what --shard's units still
// report) then misleads twice: its samples are dpor's own depth-first executions, not random
// walks, and their standard error says nothing of the branches still to come (lastzero n=18
// stopped after 117 k executions: ~1.75e5 ±270 for a tree of 1.38 M).
//
// own_estimate() instead asks which share of the tree the run has explored, along the path it
// is on: at each point, of the branches known there (explored, the current one, those queued
// in its wakeup tree), those explored are done, each assumed as large as its siblings. The
// counted executions over that share is the estimate: exact on a uniform tree and at the end
// of the run, and low while points still gain branches (lastzero n=18: 2.6e5, 4.0e5, 8.2e5
// after 1, 3 and 10 s).
#include <bit>
#include <cmath>
#include <limits>

#include "explore/dpor.hpp"

namespace lockstep::detail {

std::optional<TreeEstimate> DporStrategy::own_estimate(std::uint64_t executions) const {
  if (executions == 0) return std::nullopt;
  long double share = 0;  // of the leaves, explored
  long double weight = 1;  // the share of the subtree below the points walked so far
  for (const Node& node : stack_) {
    // A point backtracked to (resume) is past its current branch: that one is explored too,
    // and nothing of the stack lies below it.
    long double explored;
    long double total;
    if (node.value) {
      explored = node.chosen_value + (node.resume ? 1 : 0);
      total = node.count;
    } else {
      explored = std::popcount(node.resume ? node.done : node.done & ~bit(node.chosen));
      int queued = 0;
      for (int b = node.wakeup; b >= 0; b = branch(b).sibling) ++queued;
      total = explored + queued + (node.resume ? 0 : 1);
    }
    share += weight * explored / total;
    weight /= total;
    if (node.resume) {
      weight = 0;
      break;
    }
  }
  share += weight;  // the execution on the current path
  const long double size = static_cast<long double>(executions) / share;
  const double finite = size <= std::numeric_limits<double>::max() ? static_cast<double>(size)
                                                                   : std::numeric_limits<double>::infinity();
  return TreeEstimate{finite, std::nan(""), executions};
}

double DporStrategy::branch_product() const {
  long double product = 1;
  for (const Node& node : stack_) {
    if (node.value) {
      product *= node.count;
      continue;
    }
    const std::uint64_t explored = node.done & ~bit(node.chosen);
    int branches = explored == 0 ? 1 : 1 + std::popcount(explored);
    for (int b = node.wakeup; b >= 0; b = branch(b).sibling) ++branches;
    if (branches > 1) product *= branches;
  }
  return product > std::numeric_limits<double>::max() ? std::numeric_limits<double>::infinity()
                                                     : static_cast<double>(product);
}

}  // namespace lockstep::detail
