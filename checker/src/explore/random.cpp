// Random walks: a uniformly drawn runnable thread at every scheduling point.
#include "explore/random.hpp"

#include <bit>

namespace lockstep::detail {

ThreadId RandomStrategy::pick(const SchedulingPoint& point) {
  std::uint64_t rest = point.enabled;
  for (auto skip = random_() % static_cast<std::uint64_t>(std::popcount(rest)); skip > 0; --skip) rest &= rest - 1;
  return lowest(rest);
}

}  // namespace lockstep::detail
