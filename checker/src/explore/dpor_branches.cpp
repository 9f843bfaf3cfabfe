// The storage of optimal DPOR's wakeup trees (explore/dpor.hpp): branches of 12 bytes in
// fixed-size chunks, each naming its step in a table of the distinct steps pending. On
// lastzero(n) the trees hold millions of branches at once but only a few dozen distinct
// steps (each thread's few operations), so a branch is its links and an index.
#include "explore/dpor.hpp"

#include <cstring>

#include "lockstep/detail/value.hpp"

namespace lockstep::detail {

Action DporStrategy::Step::action() const {
  Action a{thread, Op{kind, object, arg, {}}};
  a.known = (flags & kKnown) != 0;
  a.no_progress = (flags & kNoProgress) != 0;
  a.creates = (flags & kCreates) != 0;
  a.result = decode(result);
  return a;
}

std::uint8_t DporStrategy::Step::encode(std::int64_t result) {
  switch (result) {
    case 0: return 0;
    case 1: return 1;
    case kExchanged: return 2;
    case kSpuriousFailure: return 3;
    default: return 4;
  }
}

std::int64_t DporStrategy::Step::decode(std::uint8_t result) {
  constexpr std::int64_t kValues[] = {0, 1, kExchanged, kSpuriousFailure, kOpaque};
  return kValues[result];
}

// The two words of the step, mixed (splitmix64's finaliser) so that steps differing only in
// their thread or their argument spread over the slots.
std::size_t DporStrategy::Step::hash() const {
  static_assert(sizeof(Step) == 16, "a Step is two words, no padding");
  std::uint64_t words[2];
  std::memcpy(words, this, sizeof words);
  std::uint64_t h = words[0] ^ (words[1] * 0x9e3779b97f4a7c15ULL);
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  return static_cast<std::size_t>(h ^ (h >> 31));
}

// The index of `action`'s step in steps_, one more branch taking it. A step no branch takes
// stays in the table until it has to grow (each new scheduling point takes a branch and
// frees it at once: the same step comes back at once).
std::uint32_t DporStrategy::intern(const Action& action) {
  Step fresh;
  fresh.arg = action.op.arg;
  fresh.object = action.op.object;
  fresh.thread = action.thread;
  fresh.kind = action.op.kind;
  fresh.flags = static_cast<std::uint8_t>((action.known ? Step::kKnown : 0) | (action.no_progress ? Step::kNoProgress : 0) |
                                          (action.creates ? Step::kCreates : 0));
  fresh.result = Step::encode(action.result);
  if (2 * (in_table_ + 1) > step_slots_.size()) rehash();
  const std::size_t mask = step_slots_.size() - 1;
  for (std::size_t i = fresh.hash() & mask;; i = (i + 1) & mask) {
    const std::uint32_t slot = step_slots_[i];
    if (slot == 0) {
      std::uint32_t step;
      if (free_steps_.empty()) {
        step = static_cast<std::uint32_t>(steps_.size());
        steps_.push_back(fresh);
        step_refs_.push_back(1);
      } else {
        step = free_steps_.back();
        free_steps_.pop_back();
        steps_[step] = fresh;
        step_refs_[step] = 1;
      }
      step_slots_[i] = step + 1;
      ++in_table_;
      return step;
    }
    if (steps_[slot - 1] == fresh) {
      ++step_refs_[slot - 1];
      return slot - 1;
    }
  }
}

// The table is half full: the steps no branch takes leave it (their indices are free for new
// steps), and the others go into slots at most a quarter full, so that rebuilding costs a
// constant per step interned since the last time.
void DporStrategy::rehash() {
  std::size_t live = 0;
  for (const std::uint32_t slot : step_slots_) {
    if (slot == 0) continue;
    if (step_refs_[slot - 1] == 0) {
      free_steps_.push_back(slot - 1);
    } else {
      ++live;
    }
  }
  std::size_t slots = 64;
  while (slots < 4 * (live + 1)) slots *= 2;
  // (The live steps are found again from their references: the old slots are being dropped.)
  step_slots_.assign(slots, 0);
  const std::size_t mask = slots - 1;
  for (std::uint32_t step = 0; step < steps_.size(); ++step) {
    if (step_refs_[step] == 0) continue;
    std::size_t i = steps_[step].hash() & mask;
    while (step_slots_[i] != 0) i = (i + 1) & mask;
    step_slots_[i] = step + 1;
  }
  in_table_ = live;
}

int DporStrategy::new_branch(const Action& action) { return store_branch(intern(action)); }

int DporStrategy::copy_branch(int b) {
  const std::uint32_t step = branch(b).step;
  ++step_refs_[step];
  return store_branch(step);
}

// Takes a branch from the free list, or the next one of the chunks (a new chunk when they
// are full).
int DporStrategy::store_branch(std::uint32_t step) {
  int b = free_branch_;
  if (b >= 0) {
    free_branch_ = branch(b).sibling;
  } else {
    if (static_cast<std::size_t>(branch_end_) == chunks_.size() << kChunkBits) {
      chunks_.push_back(std::make_unique_for_overwrite<Branch[]>(std::size_t{1} << kChunkBits));
    }
    b = branch_end_++;
  }
  branch(b) = {step, -1, -1};
  return b;
}

void DporStrategy::free_branch(int b) {
  Branch& gone = branch(b);
  --step_refs_[gone.step];
  gone.sibling = free_branch_;
  free_branch_ = b;
}

// Frees the branches of the list `first` and their subtrees. Without recursion (this runs
// on a model thread's fiber stack): each branch's children join the end of the list.
void DporStrategy::free_tree(int first) {
  int last = first;
  while (last >= 0 && branch(last).sibling >= 0) last = branch(last).sibling;
  for (int b = first; b >= 0;) {
    if (branch(b).child >= 0) {
      branch(last).sibling = branch(b).child;
      while (branch(last).sibling >= 0) last = branch(last).sibling;
    }
    const int next = branch(b).sibling;
    free_branch(b);
    b = next;
  }
}

// A copy of the list `first` with its subtrees, in branches of its own.
int DporStrategy::copy_tree(int first) {
  int copy = -1;
  copying_.clear();
  if (first >= 0) copying_.push_back({first, -1});
  while (!copying_.empty()) {
    const auto [source, parent] = copying_.back();
    copying_.pop_back();
    int last = -1;
    for (int s = source; s >= 0; s = branch(s).sibling) {
      const int b = copy_branch(s);
      (last >= 0 ? branch(last).sibling : parent >= 0 ? branch(parent).child : copy) = b;
      last = b;
      if (branch(s).child >= 0) copying_.push_back({branch(s).child, b});
    }
  }
  return copy;
}

}  // namespace lockstep::detail
