// std::shared_mutex: exclusive ownership (lock, try_lock, unlock) for writers, shared
// ownership (lock_shared, try_lock_shared, unlock_shared) for readers.
#pragma once

#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>

#include "lockstep/detail/runtime.hpp"

namespace lockstep {

class SharedMutex : public detail::Object {
 public:
  SharedMutex();
  explicit SharedMutex(std::string_view name);
  SharedMutex(const SharedMutex&) = delete;
  SharedMutex& operator=(const SharedMutex&) = delete;
  ~SharedMutex();

  // Blocks while any thread owns it, shared or exclusive.
  void lock(std::source_location location = std::source_location::current());
  bool try_lock(std::source_location location = std::source_location::current());
  void unlock(std::source_location location = std::source_location::current());
  // Blocks while a thread owns it exclusively. No writer preference: see docs/semantics.md.
  void lock_shared(std::source_location location = std::source_location::current());
  bool try_lock_shared(std::source_location location = std::source_location::current());
  void unlock_shared(std::source_location location = std::source_location::current());
  void name(std::string_view name) { detail::rename(id_, name); }

  bool enabled(detail::ThreadId thread, const detail::Op& op) const override;
  bool polls_in_vain(detail::ThreadId thread, const detail::Op& op) const override;
  std::string blocked_on(detail::ThreadId thread, const detail::Op& op) const override;
  bool held_by(detail::ThreadId thread) const override { return ((writer_ | readers_) >> thread) & 1; }

 private:
  // Model misuse unless `thread` owns it in no mode (the standard's precondition of lock
  // and lock_shared: anything else is undefined behaviour, in practice a deadlock).
  void check_not_owner(detail::ThreadId thread, const char* call, std::source_location location) const;

  // Happens-before: lock acquires what prior unlock and unlock_shared released.
  void take_exclusive();

  detail::ObjectId id_;
  detail::ObjectId readers_clock_;  // what unlock_shared releases (a hidden object)
  std::uint64_t writer_ = 0;   // bit of the exclusive owner, 0 when none
  std::uint64_t readers_ = 0;  // bit per shared owner
};

}  // namespace lockstep
