// DporStrategy's side of --jobs (explore/parallel_dpor.hpp): a branch of a node taken out as
// a subtree of its own (speculate), explored apart by another DporStrategy whose prefix is
// frozen and whose effects above it are logged (explore_apart), and that log applied where
// this run would have explored the subtree (commit). docs/architecture.md says why the result
// is the sequential run's.
#include <algorithm>
#include <climits>

#include "explore/dpor.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {

void DporStrategy::explore_apart(const Subtree& s, SplitLog& log) {
  apart_ = &s;
  log_ = &log;
  set_floor(s.choices.size());
}

bool DporStrategy::speculate(std::size_t at, std::size_t k, Subtree& into) const {
  const Node& node = stack_[at];
  if (node.value) return false;
  into.choices.clear();
  into.frozen.clear();
  for (std::size_t i = 0; i < at; ++i) {
    const Node& above = stack_[i];
    into.choices.push_back(above.value ? above.chosen_value : above.chosen);
    into.frozen.push_back({above.sleep, above.done, above.creates, above.failed});
  }
  // What backtrack() adds there for the branch being explored and for each one taken before
  // the k-th (at the last node backtrack() added the one explored already).
  Frozen state{node.sleep, node.done, node.creates, node.failed};
  auto explored = [&state](ThreadId t) {
    state.done |= bit(t);
    if (!state.failed) state.sleep |= bit(t);
  };
  explored(node.chosen);
  int b = node.wakeup;
  for (std::size_t i = 0; i < k && b >= 0; ++i) {
    explored(step_of(branch(b)).thread);
    b = branch(b).sibling;
  }
  if (b < 0) return false;
  const Branch& taken = branch(b);
  if (((state.sleep | state.done) & bit(step_of(taken).thread)) != 0) return false;  // prune() drops it first
  into.choices.push_back(step_of(taken).thread);
  into.frozen.push_back(state);
  save_tree(taken.child, into.tree);
  return true;
}

// A node of the frozen prefix was opened: it gets the state the run it belongs to has there,
// and the last one the wakeup subtree its branch continues with. Its own steps, and those
// before, had their races reversed by that run already.
void DporStrategy::enter_frozen(Node& node) {
  const Frozen& f = apart_->frozen[cursor_];
  node.sleep = f.sleep;
  node.done = f.done;
  node.creates = f.creates;
  node.failed = f.failed;
  if (cursor_ + 1 == floor_ && !node.value) {
    branch(node.wakeup).child = load_tree(apart_->tree);
    analyzed_events_ = node.mark.events;
    analyzed_blocked_ = node.mark.blocked;
  }
}

void DporStrategy::mark_failed(std::size_t at) {
  stack_[at].failed = true;
  if (at < floor_ && log_ != nullptr) log_->entries.push_back({static_cast<int>(at), true, 0, 0, 0});
}

void DporStrategy::insert_at(std::size_t at, Sequence& w) {
  if (at >= floor_) {
    insert_into(stack_[at].wakeup, w);
    return;
  }
  SplitLog& log = *log_;
  // The objects of the execution that found it, which the insertion reads: kept once while
  // they stay the same.
  if (log.worlds.empty() || !Dependence::same_world(*execution_, log.worlds.back())) {
    Dependence::copy_world(*execution_, log.worlds.emplace_back());
  }
  const auto world_index = static_cast<std::uint32_t>(log.worlds.size() - 1);
  log.entries.push_back(
      {static_cast<int>(at), false, world_index, static_cast<std::uint32_t>(log.steps.size()), static_cast<std::uint32_t>(w.size())});
  for (const Event* x : w) {
    log.steps.push_back({x->action, x->footprint, x->seq, static_cast<std::uint32_t>(log.clocks.size()),
                         static_cast<std::uint32_t>(width_)});
    log.clocks.insert(log.clocks.end(), clock(x->clock), clock(x->clock) + width_);
  }
}

void DporStrategy::commit(const SplitLog& log) {
  Node& node = stack_.back();
  const int taken = node.wakeup;
  node.wakeup = branch(taken).sibling;
  node.chosen = step_of(branch(taken)).thread;
  node.resume = false;
  if (log.creates) node.creates |= bit(node.chosen);
  branch(taken).sibling = -1;
  free_tree(taken);  // with its subtree: explored
  for (const SplitLog::Entry& e : log.entries) {
    if (e.failed) {
      stack_[static_cast<std::size_t>(e.node)].failed = true;
      continue;
    }
    const std::size_t scratch = clocks_used_;
    committed_.resize(e.count);
    Sequence& w = sequence_;
    w.clear();
    for (std::uint32_t i = 0; i < e.count; ++i) {
      const SplitLog::Step& s = log.steps[e.first + i];
      if (s.width > width_) widen(static_cast<int>(s.width));
      Event& x = committed_[i];
      x.action = s.action;
      x.footprint = s.footprint;
      x.seq = s.seq;
      x.clock = static_cast<std::uint32_t>(new_clock());
      std::uint32_t* c = clock(x.clock);
      std::fill_n(c, width_, 0);
      std::copy_n(log.clocks.begin() + s.clock, s.width, c);
      w.push_back(&x);
    }
    world_ = &log.worlds[e.world];
    insert_into(stack_[static_cast<std::size_t>(e.node)].wakeup, w);
    world_ = nullptr;
    clocks_used_ = scratch;
  }
}

void DporStrategy::save_tree(int first, std::vector<SavedBranch>& into) const {
  into.clear();
  std::vector<int> todo;  // the branches still to save, the next one last
  auto push_list = [&](int list) {
    const std::size_t from = todo.size();
    for (int b = list; b >= 0; b = branch(b).sibling) todo.push_back(b);
    std::reverse(todo.begin() + static_cast<std::ptrdiff_t>(from), todo.end());
  };
  push_list(first);
  while (!todo.empty()) {
    const Branch& b = branch(todo.back());
    todo.pop_back();
    int children = 0;
    for (int c = b.child; c >= 0; c = branch(c).sibling) ++children;
    const Action a = step_of(b).action();
    into.push_back({a.op.arg, a.op.object, a.thread, a.op.kind, a.known, a.no_progress, a.creates, a.result, children});
    push_list(b.child);
  }
}

int DporStrategy::load_tree(const std::vector<SavedBranch>& tree) {
  struct Level {
    int parent;  // -1: the top list
    int last;
    int left;
  };
  int top = -1;
  std::vector<Level> levels{{-1, -1, INT_MAX}};
  for (const SavedBranch& s : tree) {
    while (levels.back().left == 0) levels.pop_back();
    Action a{s.thread, Op{s.kind, s.object, s.arg, {}}};
    a.known = s.known;
    a.no_progress = s.no_progress;
    a.creates = s.creates;
    a.result = s.result;
    const int b = new_branch(a);
    Level& level = levels.back();
    (level.last >= 0 ? branch(level.last).sibling : level.parent >= 0 ? branch(level.parent).child : top) = b;
    level.last = b;
    --level.left;
    if (s.children > 0) levels.push_back({b, -1, s.children});
  }
  return top;
}

}  // namespace lockstep::detail
