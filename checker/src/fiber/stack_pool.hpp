// Fiber stacks with a guard region below each, reused across executions: after warm-up an
// execution maps no memory.
#pragma once

#include <boost/context/stack_context.hpp>
#include <cstddef>
#include <vector>

namespace lockstep::detail {

class StackPool {
 public:
  explicit StackPool(std::size_t stack_size = 256 * 1024);
  // The pool of the calling OS thread, kept for its life: explorations run one after
  // another reuse the stacks (and their pages, already faulted in) of those before.
  static StackPool& of_this_thread();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;
  ~StackPool();

  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& stack);
  std::size_t mapped() const { return mapped_; }
  std::size_t stack_size() const { return size_; }
  // Whether `address` lies in the guard region below one of the pool's stacks.
  bool in_guard_page(const void* address) const;

 private:
  std::size_t size_;  // usable bytes, a multiple of the page size
  std::size_t page_;
  std::size_t guard_;  // bytes of the inaccessible region below each stack
  std::size_t mapped_ = 0;
  std::vector<boost::context::stack_context> free_;
  std::vector<char*> bases_;  // every stack mapped, guard region first
};

// The StackAllocator Boost.Context's fiber constructor takes: a handle on a pool, which
// also tells the caller which stack the fiber got (for sanitizer annotations).
class PooledStack {
 public:
  PooledStack(StackPool& pool, boost::context::stack_context& lent) : pool_(&pool), lent_(&lent) {}
  boost::context::stack_context allocate() { return *lent_ = pool_->allocate(); }
  void deallocate(boost::context::stack_context& stack) noexcept { pool_->deallocate(stack); }

 private:
  StackPool* pool_;
  boost::context::stack_context* lent_;
};

}  // namespace lockstep::detail
