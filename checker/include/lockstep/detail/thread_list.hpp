// An ordered list of distinct thread ids stored inline, for a primitive's FIFO of waiters:
// unlike std::vector it never allocates, so a primitive built anew in every execution
// costs no heap allocation.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#include "lockstep/detail/op.hpp"

namespace lockstep::detail {

class ThreadList {
 public:
  using iterator = ThreadId*;
  using const_iterator = const ThreadId*;

  // Each thread is in the list at most once, so kMaxThreads entries always suffice.
  void push_back(ThreadId thread) { ids_[size_++] = thread; }
  ThreadId front() const { return ids_[0]; }
  ThreadId operator[](std::size_t i) const { return ids_[i]; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = 0; }

  iterator begin() { return ids_.data(); }
  iterator end() { return ids_.data() + size_; }
  const_iterator begin() const { return ids_.data(); }
  const_iterator end() const { return ids_.data() + size_; }

  iterator erase(iterator first, iterator last) {
    std::copy(last, end(), first);
    size_ = static_cast<std::uint8_t>(size_ - (last - first));
    return first;
  }
  iterator erase(iterator position) { return erase(position, position + 1); }

 private:
  std::array<ThreadId, kMaxThreads> ids_{};
  std::uint8_t size_ = 0;
};

}  // namespace lockstep::detail
