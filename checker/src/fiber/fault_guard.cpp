#include "fiber/fault_guard.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <mutex>
#include <vector>

#include "runtime/execution.hpp"

namespace lockstep::detail {
namespace {

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGPROF, kHangSignal};
constexpr int kSignalCount = sizeof kSignals / sizeof kSignals[0];

// The dispositions lockstep's handler replaced, for the signals that are not its own.
struct sigaction previous[kSignalCount];
std::atomic<bool> installed{false};
std::atomic<void (*)()> tick_hook{nullptr};
std::mutex install_mutex;

int index_of(int signal) {
  int i = 0;
  while (kSignals[i] != signal) ++i;
  return i;
}

// Hands a signal raised outside any execution to the disposition lockstep replaced.
void pass_on(int signal, siginfo_t* info, void* context) {
  const struct sigaction& before = previous[index_of(signal)];
  if (signal == SIGPROF) {
    // A watchdog tick that arrived just after its exploration (the default would kill the
    // process), or somebody else's profiling timer.
    if ((before.sa_flags & SA_SIGINFO) != 0) {
      before.sa_sigaction(signal, info, context);
    } else if (before.sa_handler != SIG_DFL && before.sa_handler != SIG_IGN) {
      before.sa_handler(signal);
    }
    return;
  }
  // Give the signal back for good (the next exploration installs lockstep's handler again),
  // then let it happen again: a fault the kernel raised repeats when its instruction does,
  // one sent by a program (abort(), kill) is raised anew.
  ::sigaction(signal, &before, nullptr);
  installed.store(false);
  if (info->si_code <= 0) ::raise(signal);
}

void on_signal(int signal, siginfo_t* info, void* context) {
  Execution* execution = current_execution();
  if (signal == SIGPROF || signal == kHangSignal) {
    if (auto hook = tick_hook.load()) hook();  // a hang's report may not get through: publish first
  }
  if (signal == kHangSignal && execution != nullptr && execution->in_model_code()) {
    execution->on_fault(signal, nullptr);  // switches to the driver for good
  }
  if (execution == nullptr || signal == kHangSignal) return pass_on(signal, info, context);
  if (signal == SIGPROF) return execution->on_watchdog_tick();
  if (execution->in_model_code()) {
    execution->on_fault(signal, info->si_addr);  // switches to the driver for good
  }
  // The fault is lockstep's own: say so, then die of the same signal.
  static const char message[] = "lockstep: internal error: fatal signal outside model code\n";
  (void)!::write(STDERR_FILENO, message, sizeof message - 1);
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

bool is_ours(const struct sigaction& action) {
  return (action.sa_flags & SA_SIGINFO) != 0 && action.sa_sigaction == on_signal;
}

// Whether lockstep's handlers are in place. A program or test framework may have put its
// own over them since the previous exploration; such code replaces the handlers of every
// fatal signal at once, so SIGSEGV's tells for all (one system call, not six).
bool handlers_in_place() {
  if (!installed.load()) return false;
  struct sigaction current{};
  ::sigaction(SIGSEGV, nullptr, &current);
  return is_ours(current);
}

void install_handlers() {
  std::lock_guard lock(install_mutex);
  struct sigaction action{};
  action.sa_sigaction = on_signal;
  // SA_NODEFER: the handler never returns from a fault (it leaves for the driver), so the
  // signal must not stay blocked for the next execution.
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < kSignalCount; ++i) {
    struct sigaction replaced{};
    ::sigaction(kSignals[i], &action, &replaced);
    // Where a program put lockstep's own handler back, the one before it stays the one to call.
    if (!is_ours(replaced)) previous[i] = replaced;
  }
  installed.store(true);
}

// The handler runs on it: the faulting stack may be full.
class AlternateStack {
 public:
  AlternateStack() : memory_(64 * 1024) {
    stack_t stack{};
    stack.ss_sp = memory_.data();
    stack.ss_size = memory_.size();
    ::sigaltstack(&stack, &previous_);
  }
  ~AlternateStack() { ::sigaltstack(&previous_, nullptr); }

 private:
  std::vector<char> memory_;
  stack_t previous_{};
};

}  // namespace

void FaultGuard::prepare_this_thread() { thread_local AlternateStack alternate_stack; }

FaultGuard::FaultGuard(WatchdogOptions watchdog) {
  if (!handlers_in_place()) install_handlers();
  prepare_this_thread();
  tick_hook.store(watchdog.on_tick);
  // The watchdog ticks once per tick_s of CPU time (a second unless a supervisor wants the
  // execution in progress published more often).
  const auto micros = static_cast<long>(watchdog.tick_s * 1e6);
  itimerval timer{};
  timer.it_interval = {micros / 1000000, micros % 1000000};
  timer.it_value = timer.it_interval;
  ::setitimer(ITIMER_PROF, &timer, &previous_timer_);
}

FaultGuard::~FaultGuard() {
  ::setitimer(ITIMER_PROF, &previous_timer_, nullptr);
  tick_hook.store(nullptr);
}

}  // namespace lockstep::detail
