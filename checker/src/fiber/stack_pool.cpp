#include "fiber/stack_pool.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <new>

namespace lockstep::detail {
namespace {
// The inaccessible region below each stack: its guard. It is this large so that any two
// stacks lie more than valgrind's default --max-stackframe (2,000,000 bytes) apart: fibers
// switch straight from one stack to another, and valgrind takes a smaller jump of the stack
// pointer for a frame pushed or popped, not for a switch, and then misjudges what is
// initialised. It costs address space only.
constexpr std::size_t kGuardBytes = std::size_t{2} << 20;
}  // namespace

StackPool::StackPool(std::size_t stack_size) : page_(static_cast<std::size_t>(::sysconf(_SC_PAGESIZE))) {
  size_ = (stack_size + page_ - 1) / page_ * page_;
  guard_ = (kGuardBytes + page_ - 1) / page_ * page_;
}

StackPool& StackPool::of_this_thread() {
  thread_local StackPool pool;
  return pool;
}

StackPool::~StackPool() {
  // Only the stacks given back are unmapped: one still lent out belongs to a live fiber.
  for (auto& stack : free_) {
    char* top = static_cast<char*>(stack.sp);
    ::munmap(top - size_ - guard_, size_ + guard_);
  }
}

bool StackPool::in_guard_page(const void* address) const {
  const char* a = static_cast<const char*>(address);
  for (const char* base : bases_) {
    if (a >= base && a < base + guard_) return true;
  }
  return false;
}

boost::context::stack_context StackPool::allocate() {
  if (!free_.empty()) {
    auto stack = free_.back();
    free_.pop_back();
    return stack;
  }
  void* base = ::mmap(nullptr, size_ + guard_, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) throw std::bad_alloc();
  ::mprotect(base, guard_, PROT_NONE);  // the guard: overflow faults instead of corrupting
  mapped_ += size_ + guard_;
  bases_.push_back(static_cast<char*>(base));
  boost::context::stack_context stack;
  stack.size = size_;
  stack.sp = static_cast<char*>(base) + guard_ + size_;  // stacks grow down from here
  return stack;
}

void StackPool::deallocate(boost::context::stack_context& stack) {
  free_.push_back(stack);
}

}  // namespace lockstep::detail
