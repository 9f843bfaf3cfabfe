// Report files and the live progress line on stderr (only when it is a terminal).
#include "output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace lockstep::cli {
namespace {
bool drawn = false;
}  // namespace

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out << text;
  if (!out || !out.flush()) throw InputError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
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
