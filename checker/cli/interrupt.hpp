// SIGINT and SIGTERM while lockstep supervises its models: they do not kill lockstep, they
// stop the run. The model being explored is given up on (its child process is killed) and
// reported `incomplete`, the reports of the finished models are written, and lockstep
// exits with 128 + the signal (130, 143).
#pragma once

namespace lockstep::cli {

// Catches SIGINT and SIGTERM from now on (once per process; idempotent).
void catch_interrupts();
// The signal that asked the run to stop, or 0.
int interrupted_by();
// Readable once an interrupt arrived: for poll() next to a child's pipes. -1 before
// catch_interrupts().
int interrupt_fd();
// In a child process: the dispositions of SIGINT and SIGTERM back to the default.
void forget_interrupts();

}  // namespace lockstep::cli
