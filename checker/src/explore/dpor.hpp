// Optimal dynamic partial-order reduction: one execution per Mazurkiewicz trace.
// P. A. Abdulla, S. Aronis, B. Jonsson, K. Sagonas, "Source Sets: A Foundation for Optimal
// Dynamic Partial Order Reduction", Journal of the ACM 64(4), 2017: wakeup trees and sleep sets.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>
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
// Every container keeps its capacity from one execution to the next, and wakeup trees are
// built from a pool, so once warm an execution allocates nothing here.
// The next execution replays a prefix of this one up to the scheduling point it branches at:
// the events of that prefix are kept (each scheduling point marks how far its state went),
// so only the steps from there on become events again, and only they are analysed for races
// (those of the prefix were reversed already, into wakeup trees still in place).
// Vector clocks are rows of one buffer, as wide as the most threads an execution had so far
// rather than kMaxThreads: models rarely have more than a handful. What an operation touches
// is worked out once, into its event's footprint, for every dependence check after.
class DporStrategy : public Strategy {
 public:
  bool next_execution() override;
  ThreadId pick(const SchedulingPoint& point) override;
  int choose(int n) override;
  // The runtime's replay of the previous execution's prefix (Execution::decide_otherwise()):
  // at a scheduling point before the one the coming execution branches at, the thread taken
  // there and the threads enabled there; false elsewhere (that point, and every new one,
  // goes through pick()). replayed(): the point was taken so, as pick() would have.
  bool replaying(ThreadId& thread, std::uint64_t& enabled) const {
    if (cursor_ >= stack_.size()) return false;
    const Node& node = stack_[cursor_];
    if (node.resume || node.value) return false;
    thread = node.chosen;
    enabled = node.enabled;
    return true;
  }
  void replayed(const Execution& execution, std::size_t step) {
    execution_ = &execution;
    scheduled_step_ = step;
    scheduled_node_ = static_cast<int>(cursor_);
    ++cursor_;
  }
  bool complete() const override { return exhausted_; }
  // The executions counted so far over the share of the tree they cover, judged along the
  // current path (explore/dpor_estimate.cpp); no spread: it is not drawn from samples.
  std::optional<TreeEstimate> own_estimate(std::uint64_t executions) const override;
  // Knuth's product for the execution that just ran, over the branches each point has so far
  // (--shard's units: explore/dpor_units.hpp).
  double branch_product() const;
  // --shard (explore/dpor_units.hpp): the first `floor` choices of every execution are
  // frozen, each the one force() gave just before; races whose reversal lies among them are
  // dropped (other units explore those alternatives) and backtracking stops above them.
  void set_floor(std::size_t floor) { floor_ = floor; }
  void force(int choice) { forced_ = choice; }
  // The pending operation of `thread` as the strategy sees it (a compare-exchange's outcome
  // predicted); public for --shard's sleep sets above the floor (explore/dpor_units.cpp).
  static Action pending_of(const Execution& execution, ThreadId thread);

  // --jobs (explore/parallel_dpor.hpp, dpor_split.cpp): a subtree explored apart, then
  // spliced into this run where it would have explored it.
  struct Frozen {  // a node's state that the exploration below it reads
    std::uint64_t sleep = 0;
    std::uint64_t done = 0;
    std::uint64_t creates = 0;
    bool failed = false;
    bool operator==(const Frozen&) const = default;
  };
  struct SavedBranch {  // a wakeup tree in preorder: each branch, then its children's subtrees
    std::int64_t arg;
    ObjectId object;
    ThreadId thread;
    OpKind kind;
    bool known;
    bool no_progress;
    bool creates;
    std::int64_t result;
    int children;
    bool operator==(const SavedBranch&) const = default;
  };
  // A branch of a thread pick as a subtree of its own: the choices down to it (its thread
  // last), the state of every node there as this run has it when it takes that branch, and
  // the wakeup subtree that branch continues with. Two equal ones are explored alike.
  struct Subtree {
    std::vector<int> choices;
    std::vector<Frozen> frozen;
    std::vector<SavedBranch> tree;
    bool operator==(const Subtree&) const = default;
  };
  // What a subtree did to the nodes above it, in order: each reversal it inserted into one's
  // wakeup tree (the sequence, with what the insertion reads of each step and of the
  // execution it was found in), and each failure mark it set.
  struct SplitLog {
    struct Entry {
      int node;
      bool failed;  // a failure mark, else an insertion of steps [first, first + count)
      std::uint32_t world;
      std::uint32_t first;
      std::uint32_t count;
    };
    struct Step {
      Action action;
      Dependence::Footprint footprint;
      std::uint32_t seq;
      std::uint32_t clock;  // clocks[clock, clock + width)
      std::uint32_t width;
    };
    std::vector<Entry> entries;
    std::vector<Step> steps;
    std::vector<std::uint32_t> clocks;
    std::vector<Dependence::World> worlds;
    // The subtree's first step started a thread: its node knows it from then on (Node::creates),
    // as it would had this run taken that step itself.
    bool creates = false;
  };
  // Called after every backtrack with the branch about to be taken at the last node; true
  // when it committed that branch's subtree (commit()), explored apart.
  class Splicer {
   public:
    virtual bool splice(DporStrategy& dpor) = 0;

   protected:
    ~Splicer() = default;
  };
  void set_splicer(Splicer* splicer) { splicer_ = splicer; }
  // Explores only the subtree `s` (its choices forced), writing what it does above it to `log`.
  void explore_apart(const Subtree& s, SplitLog& log);
  std::size_t depth() const { return stack_.size(); }
  int choice_at(std::size_t i) const { return stack_[i].value ? stack_[i].chosen_value : stack_[i].chosen; }
  Frozen frozen_at(std::size_t i) const { return {stack_[i].sleep, stack_[i].done, stack_[i].creates, stack_[i].failed}; }
  // The k-th branch left at stack_[at] as a Subtree, as this run will take it if what it
  // explores before does not change that; false for none (or a choose() node).
  bool speculate(std::size_t at, std::size_t k, Subtree& into) const;
  // The branch about to be taken at the last node was explored apart: `log` applied here.
  void commit(const SplitLog& log);

 private:
  using Footprint = Dependence::Footprint;
  // A step of the current execution, or the pending operation of a blocked thread.
  // Event, Node and Blocked have constructors of their own (that set what their member
  // initializers say) so that emplace_back() does not zero each one whole first (a
  // `rep stos` per step, a fifth of opening a scheduling point).
  struct Event {
    Event() {}  // NOLINT(modernize-use-equals-default): see above
    Action action;
    Footprint footprint;
    std::uint32_t seq;  // 1-based among its thread's steps
    int node;           // index in stack_ of the scheduling point that took it; -1 pending
    int prev;           // its thread's previous step in events_, -1 if none
    // What its thread knew just before it (program order, spawn): the clock of this step
    // of events_, -1 for nothing.
    int before;
    // Its thread's latest no-progress step that counted (yields) before it, -1 for none: what
    // add_releasers() looks for, known here rather than found by walking the thread's steps back.
    int yielded = -1;
    // (32-bit rows and offsets: an event per step, and the blocked threads' entries too.)
    std::uint32_t clock;  // its row in clocks_: every step that happens before it, itself included
    // dependent_[dependent_begin, dependent_end): earlier steps it may depend on, latest
    // first (a superset).
    std::uint32_t dependent_begin = 0;
    std::uint32_t dependent_end = 0;
    bool fresh_take = false;  // it took a lock nobody held (the start of a critical section)
    bool yields = false;      // StepRecord::yields
    // A no-progress step that counted for the fair scheduler: the threads its thread lets
    // move first (those of them that do move before it steps again come before that step).
    std::uint64_t yields_to = 0;
    // Inside an atomically() block: the event of its atomic_begin, where a race with this
    // step is reversed too (no other thread runs inside the block). -1: not inside one.
    int atomic_start = -1;
    // The atomically() blocks its thread closed after it, before its next step (their
    // atomic_end is recorded, not scheduled): restore() rebuilds the depth from events.
    std::uint8_t closes = 0;
  };
  struct History {  // the steps that touched one object
    int last_write = -1;
    std::vector<int> reads;  // since the last write
  };
  // A step of a wakeup tree: what the dependence relation reads of it (no source location,
  // the outcome as 0, 1 or other). Interned: the branches that take the same step share one
  // (explore/dpor_branches.cpp).
  struct Step {
    std::int64_t arg = 0;
    ObjectId object = kNoObject;
    ThreadId thread = 0;
    OpKind kind{};
    std::uint8_t flags = 0;  // kKnown, kNoProgress, kCreates
    // The outcome, as far as the dependence relation reads it: 0, 1, a compare-exchange's
    // kExchanged or kSpuriousFailure, or any other value (kOpaque).
    std::uint8_t result = 0;
    static constexpr std::uint8_t kKnown = 1;
    static constexpr std::uint8_t kNoProgress = 2;
    static constexpr std::uint8_t kCreates = 4;
    static std::uint8_t encode(std::int64_t result);
    static std::int64_t decode(std::uint8_t result);
    Action action() const;
    std::size_t hash() const;
    bool operator==(const Step&) const = default;
  };
  // A wakeup tree is a list of sibling branches, linked by index (-1 ends a list): run
  // `step` next, then one of the children. Branches freed go to a free list that later
  // trees take from, so growing and pruning trees allocates nothing once warm. 12 bytes, in
  // chunks of a fixed size: a model like lastzero keeps millions of branches pending at
  // once, and a doubling vector would hold up to twice that (and copy it all as it grows).
  // No member initializers: a new chunk's 16,384 branches were each written by the default
  // constructor (5% of dpor's time on the peer models, one chunk per run), and store_branch()
  // sets every field of a branch it hands out.
  struct Branch {
    std::uint32_t step;  // in steps_
    int child;
    int sibling;
  };
  static constexpr int kChunkBits = 14;  // 16,384 branches, 192 KiB a chunk
  // How far the state below went when a scheduling point was reached (after its steps were
  // absorbed and its blocked threads noted): the next execution that branches there keeps that much.
  // (Counts in 32 bits: a node per step of a long execution, so its size is the memory of one.)
  struct Mark {
    std::uint64_t started = 0;
    std::uint64_t was_blocked = 0;
    std::uint32_t events = 0;
    std::uint32_t dependent = 0;
    std::uint32_t blocked = 0;
    std::uint32_t clocks = 0;
    std::uint32_t absorbed = 0;
    std::uint32_t scheduled_step = kNone;
    int scheduled_node = -1;
    static constexpr std::uint32_t kNone = UINT32_MAX;
  };
  struct Node {  // a scheduling point (or choose() call) of the current execution
    Node() {}  // NOLINT(modernize-use-equals-default): see Event
    std::uint64_t done = 0;  // threads whose branch was explored here (asleep here unless `failed`)
    std::uint64_t sleep = 0;
    // Threads whose step here started a thread (Action::creates), among those explored here or
    // asleep here: a pending operation cannot tell.
    std::uint64_t creates = 0;
    // thread pick
    std::uint64_t enabled = 0;
    // pending_[pending, pending + popcount(enabled)): the pending operation of each enabled
    // thread here, in thread order (the others' are never looked at: sleep sets, wakeup
    // trees and the threads a failure could have let run hold enabled threads only)
    std::size_t pending = 0;
    int wakeup = -1;  // thread pick: branches left; choose(): the tree each value inherits
    int threads = 0;
    int event = -1;  // index in events_ of the step taken
    // choose()
    int count = 0;
    int chosen_value = 0;
    ThreadId chosen = 0;
    bool value = false;   // a choose() call
    bool resume = false;  // backtracked to: the coming execution takes its next branch here
    bool failed = false;  // an execution failed in the step taken here (race_with_failure)
    // How many pending operations pending_ keeps for it: popcount(enabled), or 0 when one
    // thread is enabled (open_node). Counted once here, since popcount is a libgcc call in
    // this build (no -mpopcnt).
    std::uint8_t kept = 0;
    Mark mark;
  };
  struct Blocked {  // a blocked thread's pending operation, when events_ had `end` steps
    Blocked() {}  // NOLINT(modernize-use-equals-default): see Event
    Event event;
    std::size_t end = 0;
  };
  using Sequence = std::vector<const Event*>;

  [[noreturn]] static void diverged(std::size_t point, const char* what);  // throws Divergence at that point
  void begin_execution();
  Mark mark() const;
  void restore(const Mark& m);
  // What restore() derived from the first `events` events, kept for the next restore() to go
  // on from (per thread as far as width_ then, the others as they start).
  struct Fold {
    bool valid = false;
    std::size_t events = 0;
    std::array<std::uint32_t, kMaxThreads> seq{};
    std::array<int, kMaxThreads> last = unset();
    std::array<int, kMaxThreads> yielded = unset();
    std::array<int, kMaxThreads> saved_depth{};
    std::array<int, kMaxThreads> atomic_depth{};
    std::array<int, kMaxThreads> atomic_start{};
    std::vector<History> history;
    std::vector<int> seers;
    std::vector<int> lock_depth;
    int last_unindexed = -1;
    int last_creator = -1;
  };
  void save_fold(std::size_t threads);
  void load_fold(std::size_t threads);
  bool backtrack();
  ThreadId open_node(const SchedulingPoint& point);
  void take_branch(Node& node);
  // `thread` taken at `node`, `subtree` (a wakeup tree, -1 for none) the next point's tree.
  void take(Node& node, ThreadId thread, int subtree);
  // At the node being opened, kept or not.
  Action pending_here(const Node& node, const Execution& execution, ThreadId thread) const {
    return node.kept == 0 ? pending_of(execution, thread) : pending_action(node, thread);
  }
  // `thread` is enabled at `node`, whose pending operations are kept. The lowest enabled
  // thread (the usual one) needs no count.
  const Action& pending_action(const Node& node, ThreadId thread) const {
    const std::uint64_t below = node.enabled & (bit(thread) - 1);
    return pending_[node.pending + (below == 0 ? 0 : static_cast<std::size_t>(__builtin_popcountll(below)))];
  }
  // A thread asleep at `node`: its step there as it was explored.
  Action sleeper(const Node& node, ThreadId thread) const {
    Action a = pending_action(node, thread);
    a.creates = (node.creates & bit(thread)) != 0;
    return a;
  }
  std::size_t pending_end() const {  // where the next node's pending operations go
    if (stack_.empty()) return 0;
    const Node& top = stack_.back();
    return top.pending + top.kept;
  }
  void absorb();
  void widen(int threads);
  void started_a_thread();
  std::size_t new_clock() {  // a row of clocks_, to be filled in
    const std::size_t end = (clocks_used_ + 1) * width_;
    if (end > clocks_.size()) clocks_.resize(std::max(2 * clocks_.size(), end));
    return clocks_used_++;
  }
  std::uint32_t* clock(std::size_t row) { return clocks_.data() + row * width_; }
  const std::uint32_t* clock(std::size_t row) const { return clocks_.data() + row * width_; }
  // The clock of events_[event] into `into`; zeros for -1. Inline, and for 4 threads or fewer
  // (the usual width) one 16-byte move: a copy of width_ entries was a call to memmove (GCC
  // turns a loop of fixed-size copies back into one), and clocks are copied several times per step.
  void copy_clock(int event, std::uint32_t* into) const {
    constexpr std::size_t kFour = 4 * sizeof(std::uint32_t);
    if (event < 0) {
      if (width_ == 4) {
        std::memset(into, 0, kFour);
      } else {
        std::fill_n(into, width_, 0);
      }
    } else {
      const std::uint32_t* from = clock(events_[static_cast<std::size_t>(event)].clock);
      if (width_ == 4) {
        std::memcpy(into, from, kFour);
      } else {
        std::copy_n(from, width_, into);
      }
    }
  }
  void join_clock(std::uint32_t* into, std::size_t row) const {
    const std::uint32_t* from = clock(row);
    for (std::size_t t = 0; t < width_; t += 4) {  // width_ is a multiple of 4
      for (std::size_t k = t; k < t + 4; ++k) into[k] = std::max(into[k], from[k]);
    }
  }
  // Whether it took a lock nobody held; follows each lock's holding depth.
  // Inline for the steps that neither free nor take a lock (most of them): it is called for
  // every event, again for each kept one by restore(), and the call alone cost more than that.
  bool track_locks(const Action& a, const Footprint& f) {
    if (!f.frees && !f.takes && !Dependence::took_by_try(a)) return false;
    return track_lock_depth(a, f);
  }
  bool track_lock_depth(const Action& a, const Footprint& f);
  // Fills in `e`, whose action and footprint are set and whose other fields are as a new
  // Event has them, as the step after the first `known` events. `held`: a poll in vain,
  // which the fair scheduler holds back after its thread's last yield.
  void make_event(Event& e, int node, bool held, std::size_t known);
  static constexpr std::size_t kFewCandidates = 16;
  template <class Add>
  void gather_candidates(const Footprint& f, Add&& add) const;
  // Inline for the same reason as track_locks(): the steps an index holds by object.
  void index(const Event& e, int at) {
    const Footprint& f = e.footprint;
    if (f.creates) last_creator_ = at;  // it comes after every earlier one: it stands for them
    if (!f.indexed) {
      index_unindexed(e, at);
      return;
    }
    for (int i = 0; i < f.count; ++i) {
      const ObjectId object = f.accesses[i].object;
      if (object == kNoObject) continue;
      if (object >= history_.size()) history_.resize(object + 1);
      History& h = history_[object];
      if (f.accesses[i].write) {
        h.last_write = at;
        h.reads.clear();
      } else {
        h.reads.push_back(at);
      }
    }
  }
  void index_unindexed(const Event& e, int at);
  void note_blocked(std::uint64_t blocked);
  Action parked_action(ThreadId t) const;
  bool waits_for_the_stepper(ThreadId t) const;
  void analyze();
  void races(const Event& later, std::size_t end);
  void race_with_failure(std::uint64_t cut_short);
  void race_with_the_end(bool branch_abandoned);
  // A branch at point `at`: `thread`'s pending operation there, then `then` if any.
  void branch_with(std::size_t at, ThreadId thread, const Event* then);
  void reverse_previous(std::size_t candidate, const Event& later, std::size_t end, const std::uint32_t* cover);
  void reverse_section(std::size_t candidate, const Event& later, std::size_t end, const std::uint32_t* cover);
  // False when `later` could not run before events_[first] (its thread not enabled there, and
  // nothing of the sequence lets it through): races() then looks at the steps that one hides.
  bool reverse(std::size_t first, const Event& later, std::size_t end);
  bool add_releasers(std::size_t first, const Event& later, Sequence& w);
  void insert(int node, Sequence& w);
  void insert_into(int& tree, Sequence& w);
  static bool may_need_a_give_back(OpKind kind);
  // insert_into(stack_[at].wakeup, w), or to the split log when `at` is frozen.
  void insert_at(std::size_t at, Sequence& w);
  void mark_failed(std::size_t at);
  void enter_frozen(Node& node);  // explore_apart(): a node of the subtree's prefix opened
  void save_tree(int first, std::vector<SavedBranch>& into) const;
  int load_tree(const std::vector<SavedBranch>& tree);
  // `known`: p's footprint when p is a step of this execution. A pending operation or a
  // wakeup tree's (which may come from an earlier execution) gets its footprint here.
  bool weak_initial(const Action& p, const Sequence& w, const Footprint* known = nullptr) const;
  // What `a` touches in the objects the insertion reads: the execution that found the race,
  // or the copy a subtree explored apart logged with it (dpor_split.cpp).
  Footprint footprint_here(const Action& a) const {
    return world_ != nullptr ? Dependence(*world_).footprint(a) : Dependence(*execution_).footprint(a);
  }
  Branch& branch(int b) {
    return chunks_[static_cast<std::size_t>(b) >> kChunkBits][static_cast<std::size_t>(b) & ((1u << kChunkBits) - 1)];
  }
  const Branch& branch(int b) const {
    return chunks_[static_cast<std::size_t>(b) >> kChunkBits][static_cast<std::size_t>(b) & ((1u << kChunkBits) - 1)];
  }
  const Step& step_of(const Branch& b) const { return steps_[b.step]; }
  int new_branch(const Action& action);
  int copy_branch(int b);
  int store_branch(std::uint32_t step);
  void free_branch(int b);  // the branch alone; its child and sibling are the caller's
  std::uint32_t intern(const Action& action);
  void rehash();
  void free_tree(int first);
  int copy_tree(int first);
  void prune(Node& node);

  // -1 for every thread. The per-thread arrays below are only ever written for threads
  // below width_ (ids under the execution's thread_count()), so restore() resets that much.
  static constexpr std::array<int, kMaxThreads> unset() {
    std::array<int, kMaxThreads> a{};
    a.fill(-1);
    return a;
  }

  std::vector<Node> stack_;
  std::vector<Action> pending_;  // the nodes' pending operations, in stack order
  // Every wakeup tree's branches, and the free ones: chunks of 2^kChunkBits, never moved.
  std::vector<std::unique_ptr<Branch[]>> chunks_;
  int branch_end_ = 0;    // branches handed out so far (in use or free)
  int free_branch_ = -1;  // the free list, linked by `sibling`
  // The distinct steps of the branches, each with the number of branches that take it
  // (those no branch takes leave when the table grows, so it holds about the steps pending
  // now). step_slots_: open addressing over steps_ (linear probing, at most half full), each
  // slot a step's index + 1, 0 for an empty one.
  std::vector<Step> steps_;
  std::vector<std::uint32_t> step_refs_;
  std::vector<std::uint32_t> free_steps_;  // indices of steps_ out of the table
  std::vector<std::uint32_t> step_slots_;
  std::size_t in_table_ = 0;  // steps in step_slots_, taken by a branch or not
  bool started_ = false;
  bool exhausted_ = false;

  // The current execution.
  const Execution* execution_ = nullptr;
  std::size_t cursor_ = 0;    // next node of stack_ to replay or open
  std::size_t absorbed_ = 0;  // steps turned into events
  std::size_t replayed_ = 0;  // scheduling points whose state restore() brought back: absorbed already
  // Events and blocked entries whose races are reversed already (by this or an earlier execution).
  std::size_t analyzed_events_ = 0;
  std::size_t analyzed_blocked_ = 0;
  std::optional<std::size_t> scheduled_step_;  // index in steps() of the step just picked
  int scheduled_node_ = -1;
  std::vector<Event> events_;
  std::vector<int> dependent_;  // every event's dependent steps
  std::vector<Blocked> blocked_;
  std::vector<std::uint32_t> clocks_;  // every event's clock, width_ entries each
  std::size_t width_ = 0;
  std::size_t clocks_used_ = 0;  // rows
  std::array<std::uint32_t, kMaxThreads> seq_{};
  std::array<int, kMaxThreads> last_ = unset();
  // By thread: the event whose clock is what it knows (its latest step, or before its first
  // one what its parent knew when it spawned it); -1 for nothing.
  std::array<int, kMaxThreads> base_ = unset();
  std::array<int, kMaxThreads> yielded_ = unset();  // each thread's latest event with yields_to, -1
  // By thread: base_ before its first step, and absorbed_ once that was set (0: not yet).
  std::array<int, kMaxThreads> spawn_base_{};
  std::array<std::size_t, kMaxThreads> spawned_at_{};
  std::uint64_t started_threads_ = 0;  // threads this execution has spawned so far (or seen step)
  std::uint64_t was_blocked_ = 0;
  std::array<Footprint, kMaxThreads> blocked_footprint_{};  // of the pending operation of each thread in was_blocked_
  std::vector<History> history_;  // by object; kept across executions with their capacity
  // The latest step that depends on everything (a yield): each such step comes after every
  // earlier one, so the latest stands for them all, in the clocks and in races().
  int last_unindexed_ = -1;
  int last_creator_ = -1;  // the latest step that may start a thread (Footprint::creates)
  // The join(timeout) and is_alive() steps: unindexed, dependent only with the steps of the
  // thread they look at, so no later step stands for them; the latest of each thread, target
  // and footprint (index()).
  std::vector<int> seers_;
  std::vector<int> lock_depth_;               // by lock: how many times its holder took it
  std::array<int, kMaxThreads> saved_depth_{};  // what a condition wait released
  // Per thread: how deep inside atomically() it is, and the event of the outermost begin.
  std::array<int, kMaxThreads> atomic_depth_{};
  std::array<int, kMaxThreads> atomic_start_{};
  Fold fold_;                 // restore()
  int incoming_wakeup_ = -1;  // the tree for the next scheduling point
  std::uint64_t incoming_sleep_ = 0;
  std::uint64_t incoming_creates_ = 0;  // of incoming_sleep_, as Node::creates
  bool abandoned_ = false;
  std::size_t floor_ = 0;  // set_floor()
  int forced_ = 0;         // force(): a thread, or a choose() value
  // explore_apart() and commit()
  const Subtree* apart_ = nullptr;
  SplitLog* log_ = nullptr;
  Splicer* splicer_ = nullptr;
  const Dependence::World* world_ = nullptr;  // commit(): the footprints of the execution that found a reversal
  std::vector<Event> committed_;              // commit(): the steps of a reversal

  // Scratch space, kept for its capacity.
  std::vector<std::size_t> takes_;  // races()
  Sequence sequence_;               // reverse(): the wakeup sequence
  Event moved_;                     // reverse(): its last step, with the outcome unknown
  std::vector<Event> releasers_;    // add_releasers(): the steps the fair scheduler waits for
  std::vector<std::pair<int, int>> copying_;  // copy_tree(): (list to copy, branch to hang it under)
};

}  // namespace lockstep::detail
