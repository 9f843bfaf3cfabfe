// In a supervised child: what it says to its supervisor when it dies during an execution.
// A model that calls exit(), a real std::thread that crashes or aborts outside the model's
// threads, a kHangSignal that did not find the execution in model code, and the memory
// running out: the child publishes the execution in progress (its choices) and sends the
// report the exploration would give if that execution failed now: the trace so far and a
// token that replays it. The supervisor adds how the process ended.
#pragma once

#include "explore/publication.hpp"

namespace lockstep::cli {

// The message that carries such a report is {"last_word": true, "result": RunResult}.
void install_last_words(int message_fd, detail::Publication& publication);

}  // namespace lockstep::cli
