// Where the CLI's output goes besides stdout: report files (--json, --junit) and the live
// progress line on stderr.
#pragma once

#include <string>

#include "lockstep/run.hpp"

namespace lockstep::cli {

// Writes `text` to `path`; throws InputError with the reason when it cannot.
void write_file(const std::string& path, const std::string& text);

// A live "model: N executions, N/s, T s, depth D" line on stderr when stderr is a terminal;
// a null callback otherwise.
std::function<void(const Progress&)> progress_line(const std::string& model);
// Erases the progress line, if one was drawn.
void clear_progress_line();

}  // namespace lockstep::cli
