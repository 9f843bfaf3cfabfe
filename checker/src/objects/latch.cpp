// std::latch in the words of [thread.latch]: count_down(n) atomically decrements the counter
// (n > counter or n < 0 is undefined behaviour: model misuse); wait blocks until it is zero;
// count_down strongly happens before a wait or try_wait that returns because it reached 0.
#include "lockstep/latch.hpp"

#include <fmt/format.h>

#include "runtime/step_verbs.hpp"

namespace lockstep {

using detail::OpKind;

Latch::Latch(std::int64_t expected, std::source_location location)
    : id_(detail::attach(this, detail::ObjectKind::latch)), counter_(expected) {
  if (expected < 0) detail::fail(FailureKind::model_misuse, "Latch: expected must be >= 0", location);
}

Latch::Latch(std::string_view name, std::int64_t expected, std::source_location location) : Latch(expected, location) {
  detail::rename(id_, name);
}

Latch::~Latch() { detail::detach(id_); }

void Latch::count_down(std::int64_t n, std::source_location location) {
  detail::inline_verbs::step<OpKind::latch_count_down>(id_, n, location);
  if (n < 0 || n > counter_) {
    detail::fail(FailureKind::model_misuse,
                 fmt::format("{}.count_down({}) with the counter at {} (undefined behaviour)", detail::object_name(id_),
                             n, counter_),
                 location);
  }
  counter_ -= n;
  detail::hb_release(id_);
  detail::set_result(counter_);
}

bool Latch::try_wait(std::source_location location) {
  detail::inline_verbs::step<OpKind::latch_try_wait>(id_, 0, location);
  const bool zero = counter_ == 0;
  if (zero) detail::hb_acquire(id_);
  detail::set_result(zero);
  if (!zero) detail::no_progress();  // a poll that found the count above 0
  return zero;
}

bool Latch::polls_in_vain(detail::ThreadId, const detail::Op& op) const {
  return op.kind == OpKind::latch_try_wait && counter_ != 0;
}

void Latch::wait(std::source_location location) {
  detail::inline_verbs::step<OpKind::latch_wait>(id_, 0, location);
  detail::hb_acquire(id_);
}

void Latch::arrive_and_wait(std::int64_t n, std::source_location location) {
  count_down(n, location);
  wait(location);
}

bool Latch::enabled(detail::ThreadId, const detail::Op& op) const {
  return op.kind != OpKind::latch_wait || counter_ == 0;
}

std::string Latch::blocked_on(detail::ThreadId, const detail::Op&) const {
  return fmt::format("waits in {}.wait() (counter is {}, never counted down to 0)", detail::object_name(id_), counter_);
}

}  // namespace lockstep
