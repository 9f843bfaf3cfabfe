// One piece of work in a child process under watch: whatever the child does (exits, dies
// of a signal, blocks in the kernel, runs out of memory, forks), the calling process
// lives on and learns what happened. The child's stdout and stderr are captured apart from
// the message it sends, so nothing it prints reaches lockstep's own output.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "explore/publication.hpp"

namespace lockstep::cli {

struct ChildLimits {
  // The child is given up on when it shows no progress (no execution ended, no watchdog
  // tick of its CPU time) for this long: first kHangSignal asks it to report the hang
  // itself, then after as long again it is killed. 0: no watch.
  double hang_timeout_s = 0;
  double time_limit_s = 0;                        // killed this long (plus a second of grace) after it started; 0: none
  std::uint64_t memory_limit_mb = 0;              // RLIMIT_AS of the child; 0: none
  const detail::Publication* progress = nullptr;  // where the child's progress shows
  std::function<void(double elapsed_s)> while_waiting{};  // called every few milliseconds
};

enum class Stopped { no, hang, time_limit, interrupt };

struct ChildOutcome {
  std::string message;  // the bytes the child wrote to its message pipe
  std::string output;   // its stdout and stderr, interleaved, the first kOutputKept bytes
  std::size_t output_dropped = 0;
  int wait_status = 0;            // waitpid()'s
  Stopped stopped = Stopped::no;  // the supervisor killed it, and why
  // It was sent kHangSignal and died before making progress again (--jobs: the signal finds
  // no execution on the thread it goes to, and the process dies of it).
  bool died_hanging = false;
  double elapsed_s = 0;
};

inline constexpr std::size_t kOutputKept = 64 * 1024;

// Forks; the child, in a process group of its own with stdin from /dev/null, runs
// work(message_fd) and leaves with _exit(0). Returns when the child is gone; every
// process left in its group (a model's own fork()) is killed.
ChildOutcome run_child(const std::function<void(int message_fd)>& work, const ChildLimits& limits);

// "exited with status 3", "was killed by SIGSEGV (Segmentation fault)".
std::string describe_wait_status(int wait_status);

}  // namespace lockstep::cli
