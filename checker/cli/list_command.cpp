// `lockstep list`: the registered models, their descriptions, parameters and the failure
// each demonstrates.
#include <fmt/format.h>

#include <memory>

#include "cli.hpp"
#include "lockstep/report.hpp"

namespace lockstep::cli {
namespace {

int list_models(bool json) {
  if (json) {
    fmt::print("{}", format_models_json(models()));
    return kOk;
  }
  for (const ModelInfo* m : models()) {
    std::string params;
    for (const auto& p : model_params(*m)) params += fmt::format("{}{}={}", params.empty() ? "" : " ", p.name, p.default_value);
    fmt::print("{:<32} {}", m->name, m->description);
    if (!params.empty()) fmt::print("  [{}]", params);
    if (m->expected) fmt::print("  (demonstrates: {})", display_name(*m->expected));
    fmt::print("\n");
  }
  return kOk;
}

}  // namespace

Command add_list_command(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  auto* list = app.add_subcommand("list", "list the models, their parameters and descriptions");
  list->add_flag("--json", *json, "print them as a JSON array (name, description, params, expected)");
  return {list, [json] { return list_models(*json); }};
}

}  // namespace lockstep::cli
