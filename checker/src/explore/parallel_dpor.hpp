// --jobs N for dpor: speculation with in-order commit. The calling thread runs the sequential
// DporStrategy (the coordinator); N-1 workers, each an OS thread with its own execution and
// DporStrategy, explore ahead of it branches still waiting in the wakeup trees of its current
// stack (DporStrategy::speculate), each as a subtree with a frozen prefix that logs what it
// does to the nodes above it instead of doing it. When the coordinator's backtracking reaches
// such a branch and the subtree was started from exactly the state it has there now, it
// applies the log and the subtree's counts (DporStrategy::commit) instead of exploring it;
// otherwise it explores it itself. So the executions, the counts, the failure and its token
// are those of --jobs 1 (docs/architecture.md, "dpor under --jobs").
#pragma once

#include "explore/parallel.hpp"

namespace lockstep::detail {

// `execution`: the calling thread's, the coordinator's.
ParallelRun explore_dpor_in_parallel(Execution& execution, const ModelInfo& model, const ExecutionConfig& config,
                                     const ParallelOptions& options);

}  // namespace lockstep::detail
