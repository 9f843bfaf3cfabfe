// Optimal dynamic partial-order reduction: one execution per Mazurkiewicz trace.
// P. A. Abdulla, S. Aronis, B. Jonsson, K. Sagonas, "Source Sets: A Foundation for Optimal
// Dynamic Partial Order Reduction", Journal of the ACM 64(4), 2017: wakeup trees and sleep sets.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "explore/dependence.hpp"
#include "explore/strategy.hpp"

namespace lockstep::detail {

// Each execution runs to its end; then every race between two of its steps (and between a
// step and the pending operation of a thread blocked at some point) that could go the other
// way is reversed into a wakeup sequence, inserted in the wakeup tree of the scheduling point
// where the first step was taken, unless a thread asleep there already covers it. The next
// execution replays the prefix and follows the next branch. choose() is a branching point
// whose every value is explored, each with a copy of the wakeup tree it inherited.
class DporStrategy : public Strategy {
 public:
  bool next_execution() override;
  ThreadId pick(const SchedulingPoint& point) override;
  int choose(int n) override;
  bool complete() const override { return exhausted_; }

 private:
  using Clock = std::array<std::uint32_t, kMaxThreads>;
  // A step of the current execution, or the pending operation of a blocked thread.
  struct Event {
    Action action;
    std::uint32_t seq;  // 1-based among its thread's steps
    int node;           // index in stack_ of the scheduling point that took it; -1 pending
    int prev;           // its thread's previous step in events_, -1 if none
    Clock before;       // what its thread knew just before it (program order, spawn)
    Clock clock;        // every step that happens before it, itself included
    bool fresh_take = false;  // it took a lock nobody held (the start of a critical section)
    std::vector<int> dependent;  // earlier steps it may depend on, latest first (a superset)
  };
  struct History {  // the steps that touched one object
    int last_write = -1;
    std::vector<int> reads;  // since the last write
  };
  struct Branch {  // a wakeup tree: run `action.thread` next, then one of the children
    Action action;
    std::vector<Branch> children;
  };
  struct Node {  // a scheduling point (or choose() call) of the current execution
    bool value = false;   // a choose() call
    bool resume = false;  // backtracked to: the coming execution takes its next branch here
    std::uint64_t sleep = 0;
    std::vector<Branch> wakeup;  // thread pick: branches left; choose(): the tree each value inherits
    // thread pick
    std::uint64_t enabled = 0;
    std::vector<Op> pending;  // every thread's pending operation here
    ThreadId chosen = 0;
    int event = -1;  // index in events_ of the step taken
    // choose()
    int count = 0;
    int chosen_value = 0;
  };
  struct Blocked {  // a blocked thread's pending operation, when events_ had `end` steps
    Event event;
    std::size_t end;
  };
  using Sequence = std::vector<const Event*>;

  void begin_execution();
  bool backtrack();
  ThreadId open_node(const SchedulingPoint& point);
  void take_branch(Node& node);
  void absorb();
  void track_locks(Event& e);
  Event make_event(const Action& action, int node) const;
  void index(const Event& e, int at);
  void note_blocked(std::uint64_t blocked);
  void analyze();
  void races(const Event& later, std::size_t end);
  void reverse(std::size_t first, const Event& later, std::size_t end);
  void insert(int node, Sequence w);
  void insert_into(std::vector<Branch>& tree, Sequence w) const;
  bool weak_initial(const Action& p, const Sequence& w) const;

  std::vector<Node> stack_;
  bool started_ = false;
  bool exhausted_ = false;

  // The current execution.
  const Execution* execution_ = nullptr;
  std::size_t cursor_ = 0;    // next node of stack_ to replay or open
  std::size_t absorbed_ = 0;  // steps turned into events
  std::optional<std::size_t> scheduled_step_;  // index in steps() of the step just picked
  int scheduled_node_ = -1;
  std::vector<Event> events_;
  std::vector<Blocked> blocked_;
  std::array<Clock, kMaxThreads> clock_{};
  std::array<std::uint32_t, kMaxThreads> seq_{};
  std::array<int, kMaxThreads> last_{};
  std::uint64_t was_blocked_ = 0;
  std::vector<History> history_;  // by object
  std::vector<int> unindexed_;    // steps that may depend on anything
  std::vector<int> lock_depth_;               // by lock: how many times its holder took it
  std::array<int, kMaxThreads> saved_depth_{};  // what a condition wait released
  std::vector<Branch> incoming_wakeup_;  // for the next scheduling point
  std::uint64_t incoming_sleep_ = 0;
  bool abandoned_ = false;
};

}  // namespace lockstep::detail
