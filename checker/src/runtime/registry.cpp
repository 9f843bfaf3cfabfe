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

void add(ModelInfo info) {
  static std::deque<ModelInfo> storage;  // stable addresses, as long as the program runs
  auto& models = registry();
  const ModelInfo* model = &storage.emplace_back(info);
  models.insert(std::upper_bound(models.begin(), models.end(), model,
                                 [](const ModelInfo* a, const ModelInfo* b) { return a->name < b->name; }),
                model);
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
