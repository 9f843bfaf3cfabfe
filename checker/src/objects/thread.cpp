// Model threads, yield and sleep.
#include "lockstep/thread.hpp"

#include "runtime/step_verbs.hpp"

namespace lockstep {

using detail::OpKind;

Thread::Thread(Thread&& other) noexcept
    : id_(other.id_), owns_(other.owns_), joined_(other.joined_), daemon_(other.daemon_), location_(other.location_) {
  other.owns_ = false;
}

std::string_view Thread::name() const { return detail::thread_name_view(id_); }

namespace this_thread {
void yield(std::source_location location) { detail::inline_verbs::running().yield(location); }
}  // namespace this_thread

void sleep(int ticks, std::source_location location) {
  detail::inline_verbs::step({OpKind::sleep, detail::kNoObject, ticks, location});
  detail::inline_verbs::running().no_progress();  // CHESS treats Sleep as a yield
}

}  // namespace lockstep
