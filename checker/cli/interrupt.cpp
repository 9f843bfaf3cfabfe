#include "interrupt.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>

namespace lockstep::cli {
namespace {

volatile std::sig_atomic_t signal_seen = 0;
int pipe_fds[2] = {-1, -1};

void on_interrupt(int signal) {
  if (signal_seen == 0) signal_seen = signal;
  const char byte = 1;
  (void)!::write(pipe_fds[1], &byte, 1);  // non-blocking: a full pipe already says it
}

}  // namespace

void catch_interrupts() {
  if (pipe_fds[0] >= 0) return;
  if (::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) return;
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

int interrupted_by() { return signal_seen; }

int interrupt_fd() { return pipe_fds[0]; }

void forget_interrupts() {
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
}

}  // namespace lockstep::cli
