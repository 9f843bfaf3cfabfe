// Turns a fatal signal raised by model code (segfault, abort, division by zero, a stack
// overflow hitting a fiber's guard page) into a failure of the running execution, instead
// of the death of the checker; and a watchdog on CPU time ends a model thread that loops
// without any visible step.
//
// The handlers stay installed after an exploration (the next one only checks that nobody
// replaced them), and each OS thread's alternate signal stack stays for the life of that
// thread: installing and restoring them per exploration took 14 system calls, 17 us, the
// time of more than ten executions of a small model. A signal that is not lockstep's (no
// execution runs on that OS thread) goes to the handler that was there before. Only the
// watchdog's timer is armed and disarmed per exploration.
#pragma once

#include <sys/time.h>

#include <csignal>

namespace lockstep::detail {

// Sent by a supervising process to the OS thread that explores: the execution in progress
// took no step for too long of wall-clock time. In model code it ends that execution as a
// hang; elsewhere it goes to the handler that was there before.
inline constexpr int kHangSignal = SIGUSR2;

struct WatchdogOptions {
  double tick_s = 1;          // period of the watchdog, in CPU seconds
  void (*on_tick)() = nullptr;  // also called at every tick, from the signal handler
};

class FaultGuard {
 public:
  explicit FaultGuard(WatchdogOptions watchdog = {});
  FaultGuard(const FaultGuard&) = delete;
  FaultGuard& operator=(const FaultGuard&) = delete;
  ~FaultGuard();
  // For another OS thread that explores while a FaultGuard lives on the first one (--jobs):
  // the handlers and the watchdog's timer are the process's, but each thread needs its own
  // alternate signal stack.
  static void prepare_this_thread();

 private:
  itimerval previous_timer_{};
};

}  // namespace lockstep::detail
