// Rendering of run results: text for people (the CLI and the GoogleTest helpers print it),
// JSON and JUnit XML for machines. Nothing here prints.
#pragma once

#include <string>
#include <vector>

#include "lockstep/run.hpp"

namespace lockstep {

// "FAIL  seeds/x  items=1  deadlock (as expected)  12 executions, 0.01 s"
std::string format_summary(const RunResult& result);
// The failure: kind, message, numbered trace, blocked threads. Empty when none.
std::string format_failure(const RunResult& result);
// "items=3 consumers=2"
std::string format_params(const Params& params);
// "lockstep replay seeds/x TOKEN", the line that re-runs the failure, quoted for a POSIX
// shell; "lockstep replay seeds/x --token-file FILE" when the token is held in a file.
// Empty when none.
std::string format_replay_line(const RunResult& result);
// `text` as one word of a POSIX shell command: unchanged when it is made of characters no
// shell treats specially, else in single quotes.
std::string shell_quote(std::string_view text);
// --json: an array with one object per run (docs/cli.md has the schema).
std::string format_json(const std::vector<RunResult>& results);
// lockstep list --json: name, description, params (name to default), expected.
std::string format_models_json(const std::vector<const ModelInfo*>& models);
// --junit: one testcase per run; unexpected failures carry the trace and the replay line.
std::string format_junit(const std::vector<RunResult>& results);

}  // namespace lockstep
