// The files the CLI writes besides stdout: the --json and --junit reports, checked before
// anything is explored and then written whole or not at all, and the files that hold replay
// tokens too long for a command line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lockstep/run.hpp"

namespace lockstep::cli {

// One report a run was asked for: the flag that named it, and its path.
struct ReportTarget {
  std::string flag;  // "--json"
  std::string path;
};

// Refuses, with a one-line reason (InputError), a report path that is empty, that two flags
// both name, that is a directory, or whose directory does not exist or cannot be written
// (tried by creating a file there). Called before the first model runs.
void check_report_targets(const std::vector<ReportTarget>& targets);

// Writes `text` to `path` so that a reader sees the old file or the whole new one: the text
// goes to a temporary file beside it, which is flushed to disk and renamed over `path`. A
// path that is not a regular file (/dev/stdout, a pipe, /dev/full) is written in place.
// Returns the reason when it could not; an existing file is then left as it was.
std::optional<std::string> write_atomically(const std::string& path, const std::string& text);

// Tokens longer than this are not put on the printed replay line: most systems refuse a
// command-line argument past 128 KiB, and pasting megabytes is no use anyway.
inline constexpr std::size_t kLongestTokenArgument = 8192;

// A failure whose token is longer than kLongestTokenArgument gets a file holding it
// (Failure::token_file), named by the token's hash in the temporary directory ($TMPDIR or
// /tmp), so that its printed replay line reads `lockstep replay MODEL --token-file FILE`.
// When the file cannot be written the line keeps the token; the reason is returned.
std::optional<std::string> hold_long_token(RunResult& result);

}  // namespace lockstep::cli
