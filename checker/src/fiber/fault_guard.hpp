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

namespace lockstep::detail {

class FaultGuard {
 public:
  FaultGuard();
  FaultGuard(const FaultGuard&) = delete;
  FaultGuard& operator=(const FaultGuard&) = delete;
  ~FaultGuard();

 private:
  itimerval previous_timer_{};
};

}  // namespace lockstep::detail
