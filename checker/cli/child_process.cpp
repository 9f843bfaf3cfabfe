#include "child_process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>

#include "fiber/fault_guard.hpp"
#include "interrupt.hpp"
#include "report/minimize.hpp"

namespace lockstep::cli {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Reads what is there without blocking; false at end of file.
bool drain(int fd, std::string& into, std::size_t keep, std::size_t* dropped) {
  char buffer[65536];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      const std::size_t room = into.size() < keep ? keep - into.size() : 0;
      const std::size_t taken = std::min(room, static_cast<std::size_t>(n));
      into.append(buffer, taken);
      if (dropped != nullptr) *dropped += static_cast<std::size_t>(n) - taken;
      continue;
    }
    if (n == 0) return false;
    return errno == EINTR || errno == EAGAIN;
  }
}

// Whether the child's exploring thread (its first) is runnable: using the CPU, or waiting for
// it on a crowded machine. A hang is a child asleep in the kernel.
bool runnable(pid_t pid) {
  std::FILE* stat = std::fopen(fmt::format("/proc/{}/stat", pid).c_str(), "r");
  if (stat == nullptr) return false;
  char line[512];
  const bool read = std::fgets(line, sizeof line, stat) != nullptr;
  std::fclose(stat);
  const char* name_end = read ? std::strrchr(line, ')') : nullptr;  // the name may hold anything
  return name_end != nullptr && name_end[1] == ' ' && name_end[2] == 'R';
}

bool in_child = false;

[[noreturn]] void be_the_child(const std::function<void(int)>& work, int message_fd, int output_fd,
                               const ChildLimits& limits, pid_t parent) {
  in_child = true;
  ::setpgid(0, 0);  // the terminal's Ctrl-C goes to lockstep, which then ends this process
  // And if lockstep itself is killed, this process goes with it (a hung model would stay).
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(0);
  forget_interrupts();
  const int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
  ::dup2(output_fd, STDOUT_FILENO);
  ::dup2(output_fd, STDERR_FILENO);
  ::close(output_fd);
#if !defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer reserves terabytes of address space for its shadow: no limit there.
  if (limits.memory_limit_mb > 0) {
    const rlim_t bytes = static_cast<rlim_t>(limits.memory_limit_mb) << 20;
    const rlimit limit{bytes, bytes};
    ::setrlimit(RLIMIT_AS, &limit);
  }
#endif
  try {
    work(message_fd);
  } catch (...) {
    // Nothing sent: the supervisor reports the child's end from what it published.
  }
  std::cout.flush();
  std::fflush(nullptr);
  ::_exit(0);
}

}  // namespace

#if defined(__SANITIZE_ADDRESS__)
// LeakSanitizer checks at exit: a model's exit() in a child leaves the whole exploration
// allocated, which is no leak of lockstep's. The supervising process is still checked.
extern "C" int __lsan_is_turned_off() { return in_child ? 1 : 0; }
#endif

ChildOutcome run_child(const std::function<void(int)>& work, const ChildLimits& limits) {
  int message[2];
  int output[2];
  if (::pipe2(message, O_CLOEXEC) != 0) throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  if (::pipe2(output, O_CLOEXEC) != 0) {
    ::close(message[0]);
    ::close(message[1]);
    throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  }
  std::cout.flush();
  std::fflush(nullptr);  // or the child would print what the parent had buffered
  const auto start = Clock::now();
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(message[0]);
    ::close(output[0]);
    be_the_child(work, message[1], output[1], limits, parent);
  }
  ::close(message[1]);
  ::close(output[1]);
  if (pid < 0) {
    ::close(message[0]);
    ::close(output[0]);
    throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
  }
  ::setpgid(pid, pid);  // also here: whichever of the two runs first
  // Readable when the child has ended (Linux 5.3), so that the wait does not wait for a tick.
  const int exit_fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  ::fcntl(message[0], F_SETFL, O_NONBLOCK);
  ::fcntl(output[0], F_SETFL, O_NONBLOCK);

  ChildOutcome out;
  bool message_open = true;
  bool output_open = true;
  auto last_progress = start;
  std::uint64_t seen_executions = 0;
  std::uint64_t seen_publishes = 0;
  bool hang_signalled = false;
  Clock::time_point hang_signal_time{};
  // Executions ended when the latest kHangSignal was sent (none sent: nullopt).
  std::optional<std::uint64_t> executions_at_hang_signal;
  auto stop = [&](Stopped why) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    out.stopped = why;
  };
  while (true) {
    pollfd fds[4] = {{message_open ? message[0] : -1, POLLIN, 0},
                     {output_open ? output[0] : -1, POLLIN, 0},
                     {interrupt_fd(), POLLIN, 0},
                     {exit_fd, POLLIN, 0}};
    ::poll(fds, 4, 20);
    if (message_open) message_open = drain(message[0], out.message, SIZE_MAX, nullptr);
    if (output_open) output_open = drain(output[0], out.output, kOutputKept, &out.output_dropped);
    if (::waitpid(pid, &out.wait_status, WNOHANG) == pid) break;
    if (out.stopped != Stopped::no) continue;  // killed: waiting for it to be gone
    if (interrupted_by() != 0) {
      stop(Stopped::interrupt);
      continue;
    }
    const double elapsed = seconds_since(start);
    if (limits.while_waiting) limits.while_waiting(elapsed);
    // A second of grace, and the time of the shortest-trace search of a failure just found.
    const double grace = 1.0 + (limits.progress != nullptr && limits.progress->searching_shortest.load() != 0
                                    ? std::chrono::duration<double>(detail::kShortestTraceBudget).count()
                                    : 0.0);
    if (limits.time_limit_s > 0 && elapsed > limits.time_limit_s + grace) {
      stop(Stopped::time_limit);
      continue;
    }
    if (limits.hang_timeout_s <= 0 || limits.progress == nullptr) continue;
    const std::uint64_t executions = limits.progress->executions.load(std::memory_order_relaxed);
    const std::uint64_t publishes = limits.progress->publishes.load(std::memory_order_relaxed);
    if (executions != seen_executions || publishes != seen_publishes) {
      seen_executions = executions;
      seen_publishes = publishes;
      last_progress = Clock::now();
      hang_signalled = false;
    }
    if (!hang_signalled && seconds_since(last_progress) > limits.hang_timeout_s && runnable(pid)) {
      last_progress = Clock::now();  // not asleep: starved of CPU, or spinning (the CPU watchdog's case)
    }
    if (!hang_signalled && seconds_since(last_progress) > limits.hang_timeout_s) {
      // To the thread that explores (the child's first), where it ends the execution.
      ::syscall(SYS_tgkill, pid, pid, detail::kHangSignal);
      hang_signalled = true;
      hang_signal_time = Clock::now();
      executions_at_hang_signal = executions;
    } else if (hang_signalled && seconds_since(hang_signal_time) > std::max(1.0, limits.hang_timeout_s)) {
      stop(Stopped::hang);
    }
  }
  // (Its heartbeat may move as it dies of the signal: only a finished execution clears it.)
  out.died_hanging = executions_at_hang_signal && limits.progress != nullptr &&
                     limits.progress->executions.load() == *executions_at_hang_signal;
  // What the child wrote before it died, and whatever its own forks left behind.
  if (message_open) drain(message[0], out.message, SIZE_MAX, nullptr);
  if (output_open) drain(output[0], out.output, kOutputKept, &out.output_dropped);
  ::kill(-pid, SIGKILL);
  if (exit_fd >= 0) ::close(exit_fd);
  ::close(message[0]);
  ::close(output[0]);
  out.elapsed_s = seconds_since(start);
  return out;
}

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const int s = WTERMSIG(status);
    const char* name = ::sigabbrev_np(s);
    return fmt::format("was killed by SIG{} ({})", name != nullptr ? name : std::to_string(s), ::sigdescr_np(s));
  }
  return fmt::format("ended with wait status {}", status);
}

}  // namespace lockstep::cli
