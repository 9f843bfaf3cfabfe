// Rendering of run results: text for people (the CLI and the GoogleTest helpers print it),
// JSON and JUnit XML for machines. Nothing here prints.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lockstep/run.hpp"

namespace lockstep {

// "FAIL  seeds/x  items=1  deadlock (as expected)  12 executions, 0.01 s"
std::string format_summary(const RunResult& result);
// The program a printed command line names: `lockstep`, or a runner built with
// lockstep_add_runner() (cmake/lockstep.cmake).
inline constexpr std::string_view kDefaultProgram = "lockstep";

// The failure: kind, message, numbered trace, blocked threads, and the lines that find and
// replay it with `program`. Empty when none.
std::string format_failure(const RunResult& result, std::string_view program = kDefaultProgram);
// "items=3 consumers=2"
std::string format_params(const Params& params);
// "lockstep replay seeds/x TOKEN", the line that re-runs the failure (PROGRAM is the program
// that found it), quoted for a POSIX shell; "lockstep replay seeds/x --token-file FILE" when
// the token is held in a file. Empty when none.
std::string format_replay_line(const RunResult& result, std::string_view program = kDefaultProgram);
// `text` as one word of a POSIX shell command: unchanged when it is made of characters no
// shell treats specially, else in single quotes.
std::string shell_quote(std::string_view text);
// --json: an array with one object per run (docs/cli.md has the schema).
std::string format_json(const std::vector<RunResult>& results);
// The results a --json file holds, read back (lockstep merge). Throws InputError, naming
// what is wrong, for text that is not such a file.
std::vector<RunResult> parse_json(std::string_view text);
// lockstep list --json: name, description, params (name to default), expected.
std::string format_models_json(const std::vector<const ModelInfo*>& models);
// --html: one self-contained page drawing the failing execution as swimlanes (a column per
// thread, blocked intervals, lock ownership, notify-to-wake-up arrows). Empty when none.
std::string format_html(const RunResult& result, std::string_view program = kDefaultProgram);
// --junit: one testcase per run; a failure's text is what the CLI prints for it.
std::string format_junit(const std::vector<RunResult>& results, std::string_view program = kDefaultProgram);

}  // namespace lockstep
