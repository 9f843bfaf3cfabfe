// Write errors on stdout, and the live progress line on stderr (only when it is a terminal).
#include "output.hpp"

#include "lockstep/report.hpp"
#include "report_files.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace lockstep::cli {
namespace {
bool drawn = false;
int stdout_errno = 0;  // the first write error on stdout
std::string program{kDefaultProgram};
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

void set_program_name(const char* argv0) {
  if (argv0 == nullptr || *argv0 == '\0') return;
  const std::string path(argv0);
  program = path.substr(path.rfind('/') + 1);
}

const std::string& program_name() { return program; }

std::vector<std::string> write_html_pages(const std::string& file, const std::vector<RunResult>& results) {
  std::vector<std::string> written;
  for (const RunResult& r : results) {
    if (!r.failure) continue;
    std::string path = file;
    if (results.size() > 1) {
      const std::filesystem::path p(file);
      std::string model = r.model;
      std::replace(model.begin(), model.end(), '/', '-');
      path = (p.parent_path() / (p.stem().string() + "." + model + p.extension().string())).string();
    }
    if (auto error = write_atomically(path, format_html(r, program_name()))) throw InputError(*error);
    written.push_back(path);
  }
  return written;
}

std::function<void(const Progress&)> progress_line(const std::string& model) {
  if (::isatty(STDERR_FILENO) == 0) return nullptr;
  return [model](const Progress& p) {
    const double rate = p.elapsed_s > 0 ? static_cast<double>(p.executions) / p.elapsed_s : 0;
    const std::string estimate = p.estimate > 0 ? fmt::format(" of ~{:.3g}", p.estimate) : std::string();
    fmt::print(stderr, "\r\033[K{}: {} executions{}, {:.0f}/s, {:.1f} s, depth {}", model, p.executions, estimate,
               rate, p.elapsed_s, p.depth);
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
