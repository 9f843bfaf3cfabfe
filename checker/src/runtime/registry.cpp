// The models compiled into this program, registered by LOCKSTEP_MODEL at static
// initialization.
#include <algorithm>
#include <deque>
#include <fnmatch.h>
#include <string>

#include "lockstep/run.hpp"

namespace lockstep {
namespace {

std::vector<const ModelInfo*>& registry() {
  static std::vector<const ModelInfo*> models;
  return models;
}

// Registrations refused because the name was taken: registration runs during static
// initialization, where nothing can be reported, so check_models() reports them later.
std::vector<std::string>& duplicates() {
  static std::vector<std::string> refused;
  return refused;
}

std::string location_of(const std::source_location& l) { return std::string(l.file_name()) + ":" + std::to_string(l.line()); }

void add(ModelInfo info) {
  static std::deque<ModelInfo> storage;  // stable addresses, as long as the program runs
  auto& models = registry();
  const auto at = std::lower_bound(models.begin(), models.end(), info.name,
                                   [](const ModelInfo* m, std::string_view name) { return m->name < name; });
  if (at != models.end() && (*at)->name == info.name) {
    duplicates().push_back("model '" + std::string(info.name) + "' is registered twice: " + location_of((*at)->location) +
                           " and " + location_of(info.location));
    return;
  }
  models.insert(at, &storage.emplace_back(info));
}

}  // namespace

namespace detail {

ModelRegistrar::ModelRegistrar(void (*body)(), std::source_location location, std::string_view name,
                               std::string_view description) {
  add({name, description, std::nullopt, body, location});
}

ModelRegistrar::ModelRegistrar(void (*body)(), std::source_location location, std::string_view name,
                               std::string_view description, FailureKind expected) {
  add({name, description, expected, body, location});
}

}  // namespace detail

const std::vector<const ModelInfo*>& models() { return registry(); }

void check_models() {
  if (!duplicates().empty()) throw InputError(duplicates().front());
}

const ModelInfo* find_model(std::string_view name) {
  for (const ModelInfo* m : registry()) {
    if (m->name == name) return m;
  }
  return nullptr;
}

std::vector<const ModelInfo*> match_models(std::string_view pattern) {
  std::vector<const ModelInfo*> out;
  const std::string glob(pattern);
  for (const ModelInfo* m : registry()) {
    if (m->name == pattern || ::fnmatch(glob.c_str(), std::string(m->name).c_str(), 0) == 0) out.push_back(m);
  }
  return out;
}

}  // namespace lockstep
