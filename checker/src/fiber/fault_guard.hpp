// Turns a fatal signal raised by model code (segfault, abort, division by zero, a stack
// overflow hitting a fiber's guard page) into a failure of the running execution, instead
// of the death of the checker; and a watchdog on CPU time ends a model thread that loops
// without any visible step. Installed for the duration of one exploration.
#pragma once

#include <sys/time.h>

#include <csignal>

namespace lockstep::detail {

class FaultGuard {
 public:
  FaultGuard();
  FaultGuard(const FaultGuard&) = delete;
  FaultGuard& operator=(const FaultGuard&) = delete;
  ~FaultGuard();

 private:
  stack_t previous_stack_{};
  struct sigaction previous_[6]{};
  itimerval previous_timer_{};
};

}  // namespace lockstep::detail
