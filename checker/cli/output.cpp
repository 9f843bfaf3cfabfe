// Write errors on stdout, and the live progress line on stderr (only when it is a terminal).
#include "output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace lockstep::cli {
namespace {
bool drawn = false;
int stdout_errno = 0;  // the first write error on stdout
}  // namespace

void flush_stdout() {
  // stdio keeps no errno of its own: it is caught here, at the flush that fails.
  if (std::fflush(stdout) != 0 && stdout_errno == 0) stdout_errno = errno;
}

std::optional<std::string> stdout_error() {
  flush_stdout();
  if (stdout_errno == 0 && std::ferror(stdout) == 0) return std::nullopt;
  return fmt::format("cannot write the results to standard output: {}",
                     stdout_errno != 0 ? std::strerror(stdout_errno) : "write error");
}

std::function<void(const Progress&)> progress_line(const std::string& model) {
  if (::isatty(STDERR_FILENO) == 0) return nullptr;
  return [model](const Progress& p) {
    const double rate = p.elapsed_s > 0 ? static_cast<double>(p.executions) / p.elapsed_s : 0;
    fmt::print(stderr, "\r\033[K{}: {} executions, {:.0f}/s, {:.1f} s, depth {}", model, p.executions, rate,
               p.elapsed_s, p.depth);
    std::fflush(stderr);
    drawn = true;
  };
}

void clear_progress_line() {
  if (!drawn) return;
  fmt::print(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn = false;
}

}  // namespace lockstep::cli
