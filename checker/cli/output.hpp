// Where the CLI's output goes besides stdout: report files (--json, --junit) and the live
// progress line on stderr.
#pragma once

#include <optional>
#include <string>

#include "lockstep/run.hpp"

namespace lockstep::cli {

// Flushes stdout; the first write error it meets is kept for stdout_error().
void flush_stdout();
// Why results written to stdout were lost (a full disk, a closed pipe), if they were:
// flushes stdout first.
std::optional<std::string> stdout_error();

// A live "model: N executions, N/s, T s, depth D" line on stderr when stderr is a terminal;
// a null callback otherwise.
std::function<void(const Progress&)> progress_line(const std::string& model);
// Erases the progress line, if one was drawn.
void clear_progress_line();

}  // namespace lockstep::cli
