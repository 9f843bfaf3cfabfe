// `lockstep list`: the registered models, their descriptions, parameters and the failure
// each demonstrates. A model's parameters are found by running its first execution, in a
// child process (supervisor.hpp): a model that exits, crashes, hangs or prints there
// changes nothing but its own parameters, shown as unknown with the reason.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "interrupt.hpp"
#include "lockstep/report.hpp"
#include "supervisor.hpp"

namespace lockstep::cli {
namespace {

struct ListArgs {
  bool json = false;
  SupervisorOptions supervision;
};

int list_models(const ListArgs& args) {
  catch_interrupts();
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const ModelInfo* m : models()) {
    const auto found = supervise_params(*m, args.supervision);
    if (interrupted_by() != 0) return interrupted_status();
    const auto* params = std::get_if<std::vector<ParamInfo>>(&found);
    if (args.json) {
      nlohmann::ordered_json entry{{"name", m->name}, {"description", m->description}};
      entry["params"] = nlohmann::ordered_json::object();
      if (params != nullptr) {
        for (const auto& p : *params) entry["params"][p.name] = p.default_value;
      }
      entry["expected"] = m->expected ? nlohmann::ordered_json(to_string(*m->expected)) : nlohmann::ordered_json(nullptr);
      if (params == nullptr) entry["params_unknown"] = std::get<std::string>(found);
      out.push_back(std::move(entry));
      continue;
    }
    std::string shown;
    if (params != nullptr) {
      for (const auto& p : *params) shown += fmt::format("{}{}={}", shown.empty() ? "" : " ", p.name, p.default_value);
    } else {
      shown = "parameters unknown: " + std::get<std::string>(found);
    }
    fmt::print("{:<32} {}", m->name, m->description);
    if (!shown.empty()) fmt::print("  [{}]", shown);
    if (m->expected) fmt::print("  (demonstrates: {})", display_name(*m->expected));
    fmt::print("\n");
  }
  if (args.json) fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  return kOk;
}

}  // namespace

Command add_list_command(CLI::App& app) {
  auto args = std::make_shared<ListArgs>();
  auto* list = app.add_subcommand("list", "list the models, their parameters and descriptions");
  list->add_flag("--json", args->json, "print them as a JSON array (name, description, params, expected)");
  add_supervisor_options(*list, args->supervision);
  return {list, [args] { return list_models(*args); }};
}

}  // namespace lockstep::cli
