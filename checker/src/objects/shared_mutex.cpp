// std::shared_mutex in the words of [thread.sharedmutex.requirements]: lock blocks until
// it obtains exclusive ownership, lock_shared until no thread has exclusive ownership;
// unlocking what the calling thread does not own, and locking again what it owns in any
// mode, are undefined behaviour, reported as model misuse.
#include "lockstep/shared_mutex.hpp"

#include <fmt/format.h>

#include "runtime/step_verbs.hpp"

namespace lockstep {
namespace {
std::uint64_t bit(detail::ThreadId t) { return std::uint64_t{1} << t; }

[[noreturn, gnu::noinline, gnu::cold]] void misuse(detail::ObjectId id, const char* call, const char* why,
                                                   std::source_location location) {
  detail::fail(FailureKind::model_misuse, fmt::format("{}.{}(): {}", detail::object_name(id), call, why), location);
}
}  // namespace

using detail::OpKind;

SharedMutex::SharedMutex()
    : id_(detail::attach(this, detail::ObjectKind::shared_mutex)),
      readers_clock_(detail::attach(this, detail::ObjectKind::shared_mutex, id_)) {}

SharedMutex::SharedMutex(std::string_view name) : SharedMutex() { detail::rename(id_, name); }

SharedMutex::~SharedMutex() {
  detail::detach(readers_clock_);
  detail::detach(id_);
}

void SharedMutex::check_not_owner(detail::ThreadId thread, const char* call, std::source_location location) const {
  if ((writer_ & bit(thread)) != 0) {
    misuse(id_, call, "the calling thread already owns it exclusively (undefined behaviour)", location);
  }
  if ((readers_ & bit(thread)) != 0) {
    misuse(id_, call, "the calling thread already owns it shared (undefined behaviour: no upgrade)", location);
  }
}

void SharedMutex::lock(std::source_location location) {
  const detail::ThreadId me = detail::inline_verbs::step<OpKind::rw_lock>(id_, 0, location);
  check_not_owner(me, "lock", location);
  writer_ = bit(me);
  take_exclusive();
}

bool SharedMutex::try_lock(std::source_location location) {
  const detail::ThreadId me = detail::inline_verbs::step<OpKind::rw_try_lock>(id_, 0, location);
  check_not_owner(me, "try_lock", location);
  const bool ok = writer_ == 0 && readers_ == 0;
  if (ok) {
    writer_ = bit(me);
    take_exclusive();
  }
  detail::set_result(ok);
  if (!ok) detail::no_progress();  // a try that failed: a poll
  return ok;
}

void SharedMutex::unlock(std::source_location location) {
  const detail::ThreadId me = detail::inline_verbs::step<OpKind::rw_unlock>(id_, 0, location);
  if ((writer_ & bit(me)) == 0) misuse(id_, "unlock", "the calling thread does not own it exclusively", location);
  writer_ = 0;
  detail::hb_release(id_);
}

void SharedMutex::lock_shared(std::source_location location) {
  const detail::ThreadId me = detail::inline_verbs::step<OpKind::rw_lock_shared>(id_, 0, location);
  check_not_owner(me, "lock_shared", location);
  readers_ |= bit(me);
  detail::hb_acquire(id_);
}

bool SharedMutex::try_lock_shared(std::source_location location) {
  const detail::ThreadId me = detail::inline_verbs::step<OpKind::rw_try_lock_shared>(id_, 0, location);
  check_not_owner(me, "try_lock_shared", location);
  const bool ok = writer_ == 0;
  if (ok) {
    readers_ |= bit(me);
    detail::hb_acquire(id_);
  }
  detail::set_result(ok);
  if (!ok) detail::no_progress();  // a try that failed: a poll
  return ok;
}

// Prior unlock_shared operations synchronize with lock, not with another lock_shared:
// readers release into a clock of their own, which only exclusive owners acquire.
void SharedMutex::unlock_shared(std::source_location location) {
  const detail::ThreadId me = detail::inline_verbs::step<OpKind::rw_unlock_shared>(id_, 0, location);
  if ((readers_ & bit(me)) == 0) misuse(id_, "unlock_shared", "the calling thread does not own it shared", location);
  readers_ &= ~bit(me);
  detail::hb_release(readers_clock_);
}

void SharedMutex::take_exclusive() {
  detail::hb_acquire(id_);
  detail::hb_acquire(readers_clock_);
}

// A thread that owns it already goes on, to be reported as misuse rather than blocked.
bool SharedMutex::enabled(detail::ThreadId thread, const detail::Op& op) const {
  switch (op.kind) {
    case OpKind::rw_lock: return (writer_ == 0 && readers_ == 0) || held_by(thread);
    case OpKind::rw_lock_shared: return writer_ == 0 || held_by(thread);
    default: return true;
  }
}

// A try that would fail: the fair scheduler holds it back after a failed one.
bool SharedMutex::polls_in_vain(detail::ThreadId, const detail::Op& op) const {
  switch (op.kind) {
    case OpKind::rw_try_lock: return writer_ != 0 || readers_ != 0;
    case OpKind::rw_try_lock_shared: return writer_ != 0;
    default: return false;
  }
}

std::string SharedMutex::blocked_on(detail::ThreadId thread, const detail::Op& op) const {
  const std::string name = detail::object_name(id_);
  auto owners = [](std::uint64_t set) {
    std::string out;
    for (; set != 0; set &= set - 1) {
      out += out.empty() ? "" : " and ";
      out += detail::thread_name(static_cast<detail::ThreadId>(__builtin_ctzll(set)));
    }
    return out;
  };
  if (op.kind == OpKind::rw_lock_shared) {
    return fmt::format("waits in {}.lock_shared() (owned exclusively by {})", name, owners(writer_));
  }
  if (writer_ != 0) return fmt::format("waits in {}.lock() (owned exclusively by {})", name, owners(writer_));
  return fmt::format("waits in {}.lock() (owned shared by {})", name, owners(readers_ & ~bit(thread)));
}

}  // namespace lockstep
