// Report files written atomically (temporary file, fsync, rename), their paths checked
// before exploring, and the files that hold long replay tokens.
#include "report_files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

namespace lockstep::cli {
namespace {

namespace fs = std::filesystem;

std::string reason_of(int error) { return std::strerror(error); }

// The directory a path's temporary file goes to: the path's own.
std::string directory_of(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

// A new, empty file beside `path` (mkstemp), or -1 with errno set.
int make_temporary(const std::string& path, std::string& name) {
  name = (fs::path(directory_of(path)) / ("." + fs::path(path).filename().string() + ".XXXXXX")).string();
  return ::mkstemp(name.data());
}

// Writes all of `text` to `fd`; the errno of the first failure, 0 when all went out.
int write_all(int fd, const std::string& text) {
  // A file size limit (ulimit -f) would kill the process with SIGXFSZ; the write's EFBIG is
  // reported like any other failed write instead.
  struct sigaction ignore {
  }, before{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGXFSZ, &ignore, &before);
  std::size_t done = 0;
  int error = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = n < 0 ? errno : ENOSPC;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  ::sigaction(SIGXFSZ, &before, nullptr);
  return error;
}

// The mode a new report gets: the replaced file's, or what the umask allows.
mode_t mode_for(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return st.st_mode & 07777;
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

std::optional<std::string> write_in_place(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return fmt::format("cannot write {}: {}", path, reason_of(errno));
  int error = write_all(fd, text);
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error != 0) return fmt::format("cannot write {}: {}", path, reason_of(error));
  return std::nullopt;
}

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

void check_report_targets(const std::vector<ReportTarget>& targets) {
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const ReportTarget& t = targets[i];
    if (t.path.empty()) throw InputError(t.flag + " needs a file name, got an empty one");
    for (std::size_t j = 0; j < i; ++j) {
      std::error_code ec, ec_a, ec_b;
      const fs::path a = fs::weakly_canonical(targets[j].path, ec_a);
      const fs::path b = fs::weakly_canonical(t.path, ec_b);
      const bool same =
          targets[j].path == t.path || (!ec_a && !ec_b && a == b) || fs::equivalent(targets[j].path, t.path, ec);
      if (same)
        throw InputError(fmt::format("{} and {} name the same file {}: one would overwrite the other", targets[j].flag,
                                     t.flag, t.path));
    }
    struct stat st {};
    if (::stat(t.path.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) throw InputError(fmt::format("{} {}: is a directory", t.flag, t.path));
      if (!S_ISREG(st.st_mode)) {
        if (::access(t.path.c_str(), W_OK) != 0) {
          throw InputError(fmt::format("{} {}: cannot write it: {}", t.flag, t.path, reason_of(errno)));
        }
        continue;  // a device or pipe, written in place
      }
    }
    std::string probe;
    const int fd = make_temporary(t.path, probe);
    if (fd < 0) {
      throw InputError(
          fmt::format("{} {}: cannot write in {}: {}", t.flag, t.path, directory_of(t.path), reason_of(errno)));
    }
    ::close(fd);
    ::unlink(probe.c_str());
  }
}

std::optional<std::string> write_atomically(const std::string& path, const std::string& text) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return write_in_place(path, text);
  std::string temporary;
  const int fd = make_temporary(path, temporary);
  if (fd < 0) return fmt::format("cannot write {}: {}", path, reason_of(errno));
  int error = write_all(fd, text);
  if (error == 0 && ::fchmod(fd, mode_for(path)) != 0) error = errno;
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::rename(temporary.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temporary.c_str());
    return fmt::format("cannot write {}: {} (a file that was there is left as it was)", path, reason_of(error));
  }
  return std::nullopt;
}

std::optional<std::string> hold_long_token(RunResult& result) {
  if (!result.failure || result.failure->token.size() <= kLongestTokenArgument) return std::nullopt;
  std::error_code ec;
  const fs::path directory = fs::temp_directory_path(ec);
  if (ec) return fmt::format("cannot find a temporary directory for the replay token: {}", ec.message());
  const std::string& token = result.failure->token;
  const std::string path = (directory / fmt::format("lockstep-token-{:016x}.txt", fnv1a(token))).string();
  if (auto error = write_atomically(path, token + "\n")) return *error;
  result.failure->token_file = path;
  return std::nullopt;
}

}  // namespace lockstep::cli
