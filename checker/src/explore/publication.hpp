// What an exploration publishes while it runs for a process that supervises it: its
// progress, the parameters the model declared and the choices of the execution in
// progress, so that the supervisor can still build a replay token after the exploring
// process died. It lives in memory both share (mmap MAP_SHARED before fork); the exploring
// side writes it from its own OS thread only: between executions, at watchdog ticks, and
// when it is about to die. The supervisor reads it once that process is gone or stopped.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "explore/path.hpp"
#include "lockstep/run.hpp"

namespace lockstep::detail {

class Execution;

struct Publication {
  static constexpr std::size_t kParamBytes = 2048;

  // The room for `capacity` choices after the header.
  static std::size_t bytes_for(std::size_t capacity) { return sizeof(Publication) + capacity * sizeof(Choice); }
  // Starts an empty publication in `memory` of bytes_for(capacity) bytes.
  static Publication* create(void* memory, std::size_t capacity);

  std::atomic<std::uint64_t> executions{0};     // explored to their end, redundant ones included
  std::atomic<std::uint64_t> steps{0};          // of the execution in progress, as last published
  std::atomic<std::uint64_t> total_steps{0};    // of the executions explored to their end
  std::atomic<std::uint64_t> publishes{0};      // how often it was published: a heartbeat
  std::atomic<double> estimate{0};              // the tree's estimated size, for the progress line (0: none)
  std::atomic<std::uint32_t> out_of_memory{0};  // the exploring process's allocator ran dry
  // A failure was found and its shortest schedule is being searched (for at most
  // kShortestTraceBudget): past a time limit, the supervisor waits for that too.
  std::atomic<std::uint32_t> searching_shortest{0};
  std::uint32_t capacity = 0;
  // The choices are those of the execution that came after this many: the one in progress
  // when this equals `executions`, an older one otherwise (no publish since it began).
  std::uint64_t choices_of = 0;
  std::uint32_t choice_count = 0;
  bool truncated = false;  // more choices than room: no token can be built from them
  std::uint32_t params_size = 0;
  char params[kParamBytes]{};  // "name=value\n" per parameter declared so far

  Choice* choices() { return reinterpret_cast<Choice*>(this + 1); }
  const Choice* choices() const { return reinterpret_cast<const Choice*>(this + 1); }
};

// Publishes the steps and parameters of `execution`. Async-signal-safe: no allocation, no
// lock; a tick that interrupted the step log's growth publishes nothing new.
void publish(Publication& publication, const Execution& execution);

// The supervisor's side: what was published, or nothing when it is incomplete (truncated,
// the choices of an older execution, the parameters unreadable).
std::optional<std::vector<Choice>> published_choices(const Publication& publication);
std::optional<Params> published_params(const Publication& publication);

}  // namespace lockstep::detail
