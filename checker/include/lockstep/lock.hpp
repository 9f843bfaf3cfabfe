// threading.Lock and threading.RLock, and the RAII Guard that stands for `with lock:`.
#pragma once

#include <cstdint>
#include <source_location>
#include <string_view>

#include "lockstep/detail/runtime.hpp"

namespace lockstep {

class Guard;
class CondVar;

namespace detail {
class ConditionBase;

// State shared by Lock and RLock. A plain Lock may be released by any thread (as in
// CPython); an RLock only by its owner, once per acquire.
class LockBase : public Object {
 public:
  LockBase(const LockBase&) = delete;
  LockBase& operator=(const LockBase&) = delete;

  void acquire(std::source_location location = std::source_location::current());
  // acquire(blocking=...): false never blocks and returns whether it took the lock.
  bool acquire(bool blocking, std::source_location location = std::source_location::current());
  // acquire(timeout=N): -1 blocks (returns true), 0 never blocks, N > 0 waits and may time
  // out at any point while the lock is held; other negative values raise ValueError.
  bool acquire(int timeout, std::source_location location = std::source_location::current());
  // acquire(blocking, timeout): a timeout other than -1 with blocking=False raises ValueError.
  bool acquire(bool blocking, int timeout, std::source_location location = std::source_location::current());
  // Neither bool nor int (a long, a double, a size_t...): no silent conversion to
  // `blocking` or to a timeout. Write acquire(true), acquire(false) or acquire(int(n)).
  template <class T>
  bool acquire(T, std::source_location = std::source_location::current()) = delete;
  void release(std::source_location location = std::source_location::current());
  // Whether some thread holds it (Lock.locked(), RLock.locked()).
  bool locked(std::source_location location = std::source_location::current());
  Guard lock(std::source_location location = std::source_location::current());
  void name(std::string_view name) { rename(id_, name); }

  bool enabled(ThreadId thread, const Op& op) const override;
  bool polls_in_vain(ThreadId thread, const Op& op) const override;
  std::string blocked_on(ThreadId thread, const Op& op) const override;
  bool held_by(ThreadId thread) const override { return count_ > 0 && owner_ == thread; }

  // Condition's view (CPython's _is_owned, _release_save, _acquire_restore), asked by
  // `thread`, the running one.
  ObjectId id() const { return id_; }
  bool is_owned(ThreadId thread) const { return count_ > 0 && (!reentrant_ || owner_ == thread); }
  int release_save();
  void acquire_restore(ThreadId thread, int count);
  bool available_to(ThreadId thread) const { return count_ == 0 || (reentrant_ && owner_ == thread); }
  bool reentrant() const { return reentrant_; }
  void release_in_destructor(std::source_location location);

 protected:
  LockBase(bool reentrant, ObjectId parent);
  ~LockBase();

 private:
  bool try_acquire(std::int64_t timeout, std::source_location location);
  void perform_release(ThreadId thread, std::source_location location);
  ObjectId id_;
  bool reentrant_;
  ThreadId owner_ = 0;
  int count_ = 0;
};

}  // namespace detail

class Lock : public detail::LockBase {
 public:
  Lock() : LockBase(false, detail::kNoObject) {}
  explicit Lock(std::string_view name) : Lock() { this->name(name); }
};

class RLock : public detail::LockBase {
 public:
  RLock() : LockBase(true, detail::kNoObject) {}
  explicit RLock(std::string_view name) : RLock() { this->name(name); }
};

namespace detail {
// The RLock a Condition() creates for itself; it goes by the condition's name.
class OwnLock : public LockBase {
 public:
  explicit OwnLock(ObjectId condition) : LockBase(true, condition) {}
};
}  // namespace detail

// Holds a lock until destroyed or released: `auto g = m.lock();` is `with m:`.
class Guard {
 public:
  Guard(Guard&& other) noexcept;
  Guard& operator=(Guard&&) = delete;
  ~Guard() noexcept(false);
  // Releases early (`lock.release()` inside `with`); the trace shows this call's line.
  void release(std::source_location location = std::source_location::current());
  bool owns_lock() const { return lock_ != nullptr; }

 private:
  friend class detail::LockBase;
  friend class detail::ConditionBase;
  friend class CondVar;
  Guard(detail::LockBase* lock, std::source_location location);
  detail::LockBase* lock_;
  std::source_location location_;
};

}  // namespace lockstep
