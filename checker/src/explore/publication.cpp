#include "explore/publication.hpp"

#include <charconv>
#include <cstring>
#include <new>
#include <string_view>

#include "runtime/execution.hpp"

namespace lockstep::detail {

Publication* Publication::create(void* memory, std::size_t capacity) {
  auto* p = new (memory) Publication();
  p->capacity = static_cast<std::uint32_t>(capacity);
  return p;
}

void publish(Publication& p, const Execution& execution) {
  const StepLog& steps = execution.steps();
  if (steps.growing()) return;
  std::uint32_t count = 0;
  bool truncated = false;
  for (const StepRecord& s : steps) {
    const std::optional<Choice> c = choice_of(s);
    if (!c) continue;
    if (count == p.capacity) {
      truncated = true;
      break;
    }
    p.choices()[count++] = *c;
  }
  p.choice_count = count;
  p.truncated = truncated;
  p.choices_of = p.executions.load(std::memory_order_relaxed);
  // The parameters as text, each kept whole or left out (then the reader refuses them all).
  std::uint32_t size = 0;
  for (const auto& [name, value] : execution.declared_params()) {
    char number[16];
    const auto end = std::to_chars(number, number + sizeof number, value).ptr;
    const std::size_t digits = static_cast<std::size_t>(end - number);
    if (size + name.size() + digits + 2 > Publication::kParamBytes) {
      size = Publication::kParamBytes;  // too many to publish
      break;
    }
    std::memcpy(p.params + size, name.data(), name.size());
    size += name.size();
    p.params[size++] = '=';
    std::memcpy(p.params + size, number, digits);
    size += digits;
    p.params[size++] = '\n';
  }
  p.params_size = size;
  p.steps.store(steps.size(), std::memory_order_relaxed);
  p.publishes.fetch_add(1, std::memory_order_relaxed);
}

std::optional<std::vector<Choice>> published_choices(const Publication& p) {
  if (p.truncated || p.choice_count > p.capacity || p.choices_of != p.executions.load()) return std::nullopt;
  return std::vector<Choice>(p.choices(), p.choices() + p.choice_count);
}

std::optional<Params> published_params(const Publication& p) {
  if (p.params_size > Publication::kParamBytes - 1) return std::nullopt;
  Params params;
  std::string_view text(p.params, p.params_size);
  while (!text.empty()) {
    const auto line_end = text.find('\n');
    const auto eq = text.find('=');
    if (line_end == std::string_view::npos || eq == std::string_view::npos || eq > line_end) return std::nullopt;
    int value = 0;
    const auto [ptr, ec] = std::from_chars(text.data() + eq + 1, text.data() + line_end, value);
    if (ec != std::errc() || ptr != text.data() + line_end) return std::nullopt;
    params.emplace_back(std::string(text.substr(0, eq)), value);
    text.remove_prefix(line_end + 1);
  }
  return params;
}

}  // namespace lockstep::detail
