#include "last_word.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <new>
#include <nlohmann/json.hpp>

#include "explore/in_flight.hpp"
#include "fiber/fault_guard.hpp"
#include "result_codec.hpp"

namespace lockstep::cli {
namespace {

int message_fd = -1;
pid_t own_pid = 0;  // a model's fork() is not this process, and must stay silent
detail::Publication* publication = nullptr;
bool spoken = false;
// Freed when the memory runs out, so that the report can still be rendered.
char* reserve = nullptr;

constexpr int kDeathSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, detail::kHangSignal};

void write_all(const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(message_fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

void speak(FailureKind kind, const std::string& message) {
  if (spoken || ::getpid() != own_pid) return;
  spoken = true;
  detail::publish_in_flight();
  if (publication->out_of_memory.load() != 0) kind = FailureKind::out_of_memory;
  try {
    if (auto r = detail::result_in_flight(kind, message)) {
      const auto bytes = nlohmann::json::to_cbor({{"last_word", true}, {"result", result_to_json(*r)}});
      write_all(std::string(bytes.begin(), bytes.end()));
    }
  } catch (...) {
    // The supervisor falls back on what was published.
  }
}

void on_exit() { speak(FailureKind::crash, "the model called exit() during an execution"); }

void on_death_signal(int signal) {
  if (signal == detail::kHangSignal) {
    speak(FailureKind::hang,
          "the execution took no visible step within the hang timeout (--hang-timeout), "
          "and not in a model thread (a real std::thread, or lockstep's own code)");
    ::signal(SIGKILL, SIG_DFL);
    ::raise(SIGKILL);
  }
  speak(FailureKind::crash,
        fmt::format("fatal SIG{} outside the model's threads (a real std::thread?)", ::sigabbrev_np(signal)));
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

void on_out_of_memory() {
  publication->out_of_memory.store(1);
  delete[] reserve;
  reserve = nullptr;
  std::set_new_handler(nullptr);
  throw std::bad_alloc();
}

}  // namespace

void install_last_words(int fd, detail::Publication& p) {
  message_fd = fd;
  own_pid = ::getpid();
  publication = &p;
  reserve = new char[4 << 20];
  std::set_new_handler(on_out_of_memory);
  std::atexit(on_exit);
  std::at_quick_exit(on_exit);
  struct sigaction action {};
  action.sa_handler = on_death_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_NODEFER;
  for (int s : kDeathSignals) ::sigaction(s, &action, nullptr);
}

}  // namespace lockstep::cli
