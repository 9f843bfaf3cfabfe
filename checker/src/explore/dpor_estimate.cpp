// Knuth's estimator over optimal DPOR's own tree (explore/estimate.hpp). Its branching
// factors are not known when an execution ends: a scheduling point gets a new branch each
// time a later execution finds a race that must be reversed there. The product below counts
// the branches each point of the current execution has so far, so the estimate is rough and
// tends to be low early in a run (docs/cli.md says so).
#include <bit>
#include <limits>

#include "explore/dpor.hpp"

namespace lockstep::detail {

double DporStrategy::tree_product(const Execution&) const {
  long double product = 1;
  for (const Node& node : stack_) {
    if (node.value) {
      product *= node.count;
      continue;
    }
    const std::uint64_t explored = node.done & ~bit(node.chosen);
    int branches = explored == 0 ? 1 : 1 + std::popcount(explored);  // popcount: a libgcc call here
    for (int b = node.wakeup; b >= 0; b = branch(b).sibling) ++branches;
    if (branches > 1) product *= branches;  // most points have one: no x87 multiply for them
  }
  return product > std::numeric_limits<double>::max() ? std::numeric_limits<double>::infinity()
                                                     : static_cast<double>(product);
}

}  // namespace lockstep::detail
