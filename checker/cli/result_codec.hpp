// A RunResult, field for field, as the bytes a supervised child process sends its
// supervisor (CBOR: any bytes in names and messages survive, unlike JSON text).
#pragma once

#include <nlohmann/json.hpp>

#include "lockstep/run.hpp"

namespace lockstep::cli {

nlohmann::json result_to_json(const RunResult& result);
// Throws nlohmann::json::exception when `json` is not a RunResult.
RunResult result_from_json(const nlohmann::json& json);

}  // namespace lockstep::cli
