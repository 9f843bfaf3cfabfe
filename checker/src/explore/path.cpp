#include "explore/path.hpp"

#include <string>

namespace lockstep::detail {
namespace {

// Threads are tried `first` first, then in ascending order.
bool next_alternative(Choice& c) {
  if (c.kind == Choice::Kind::value) {
    if (c.chosen + 1 >= c.alternatives) return false;
    ++c.chosen;
    return true;
  }
  std::uint64_t rest = c.alternatives & ~bit(static_cast<int>(c.first));
  if (c.chosen != c.first) rest &= ~((bit(static_cast<int>(c.chosen)) << 1) - 1);
  if (rest == 0) return false;
  c.chosen = lowest(rest);
  return true;
}

}  // namespace

Divergence Path::divergence() const {
  return {"at choice " + std::to_string(cursor()) + " the set of runnable threads differs from the recorded one"};
}

int Path::choose(int n) {
  if (next_ != std::to_address(choices_.end())) {
    const Choice& c = *next_++;
    if (c.kind != Choice::Kind::value || c.alternatives != static_cast<std::uint64_t>(n)) {
      throw Divergence{"at choice " + std::to_string(cursor()) +
                       " choose() was called differently than recorded"};
    }
    return static_cast<int>(c.chosen);
  }
  record({Choice::Kind::value, 0, 0, static_cast<std::uint64_t>(n)});
  return 0;
}

bool Path::advance(bool replay_prefix) {
  while (!choices_.empty()) {
    if (next_alternative(choices_.back())) {
      next_ = choices_.data();
      replay_end_ = replay_prefix ? std::to_address(choices_.end()) - 1 : next_;
      return true;
    }
    choices_.pop_back();
  }
  return false;
}

}  // namespace lockstep::detail
