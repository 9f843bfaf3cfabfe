#include "fiber/fault_guard.hpp"

#include <vector>

#include <unistd.h>

#include <cstring>

#include "runtime/execution.hpp"

namespace lockstep::detail {
namespace {

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGPROF};

void on_signal(int signal, siginfo_t* info, void*) {
  Execution* execution = current_execution();
  if (signal == SIGPROF) {
    if (execution != nullptr) execution->on_watchdog_tick();
    return;
  }
  if (execution != nullptr && execution->in_model_code()) {
    execution->on_fault(signal, info->si_addr);  // switches to the driver for good
  }
  // The fault is lockstep's own: say so, then die of the same signal.
  static const char message[] = "lockstep: internal error: fatal signal outside model code\n";
  (void)!::write(STDERR_FILENO, message, sizeof message - 1);
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

}  // namespace

FaultGuard::FaultGuard() {
  // The handler runs here: the faulting stack may be full. One per OS thread, kept for
  // its life, so a run of a few executions does not pay for it.
  thread_local std::vector<char> alt_stack(64 * 1024);
  stack_t stack{};
  stack.ss_sp = alt_stack.data();
  stack.ss_size = alt_stack.size();
  ::sigaltstack(&stack, &previous_stack_);
  struct sigaction action{};
  action.sa_sigaction = on_signal;
  // SA_NODEFER: the handler never returns (it leaves for the driver), so the signal
  // must not stay blocked for the next execution.
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < 6; ++i) ::sigaction(kSignals[i], &action, &previous_[i]);
  // The watchdog ticks once per second of CPU time.
  itimerval timer{};
  timer.it_interval.tv_sec = 1;
  timer.it_value.tv_sec = 1;
  ::setitimer(ITIMER_PROF, &timer, &previous_timer_);
}

FaultGuard::~FaultGuard() {
  ::setitimer(ITIMER_PROF, &previous_timer_, nullptr);
  for (int i = 0; i < 6; ++i) ::sigaction(kSignals[i], &previous_[i], nullptr);
  ::sigaltstack(&previous_stack_, nullptr);
}

}  // namespace lockstep::detail
