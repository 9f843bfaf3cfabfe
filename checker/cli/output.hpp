// Where the CLI's output goes besides stdout: report files (--json, --junit) and the live
// progress line on stderr.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lockstep/run.hpp"

namespace lockstep::cli {

// Flushes stdout; the first write error it meets is kept for stdout_error().
void flush_stdout();
// Why results written to stdout were lost (a full disk, a closed pipe), if they were:
// flushes stdout first.
std::optional<std::string> stdout_error();

// The name printed replay lines use: the basename of argv[0] (main sets it), so a runner
// built with lockstep_add_runner() prints its own name; "lockstep" until set.
void set_program_name(const char* argv0);
const std::string& program_name();

// --html FILE: a page for each run that found a failure. One run: FILE itself. Several: one
// page per failing model, named FILE's stem, '.', the model's name with '/' as '-', and FILE's
// extension (out.html -> out.seeds-condition.html). Returns the paths written.
std::vector<std::string> write_html_pages(const std::string& file, const std::vector<RunResult>& results);

// A live "model: N executions, N/s, T s, depth D" line on stderr when stderr is a terminal;
// a null callback otherwise.
std::function<void(const Progress&)> progress_line(const std::string& model);
// Erases the progress line, if one was drawn.
void clear_progress_line();

}  // namespace lockstep::cli
