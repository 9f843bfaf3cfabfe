// The random program generator (see generator.hpp).
#include "differential/generator.hpp"

#include <random>

namespace lockstep::difftest {

SpawnSite spawn_site(const Program& p, int thread) {
  for (std::size_t t = 0; t < p.threads.size(); ++t) {
    for (std::size_t i = 0; i < p.threads[t].size(); ++i) {
      const Step& s = p.threads[t][i];
      if (s.code == Code::spawn && s.obj == thread) return {static_cast<int>(t), static_cast<int>(i)};
    }
  }
  return {-1, -1};
}

bool can_join(const Program& p, int joiner, int at, int k) {
  const SpawnSite site = spawn_site(p, k);
  if (site.parent < 0 || joiner == k) return false;
  // Climb from the joiner to the child of k's parent it descends from, if any; that child's
  // spawn (or the joiner's own step, when it is the parent) must come after k's spawn.
  int step = at;
  for (int t = joiner; t != site.parent;) {
    const SpawnSite up = spawn_site(p, t);
    if (up.parent < 0) return false;
    t = up.parent;
    step = up.index;
  }
  return step > site.index;
}


namespace {

class Generator {
 public:
  Generator(std::uint64_t seed, const GeneratorOptions& options) : rng_(seed), options_(options) {
    for (const OpInfo& row : kOps) total_weight_ += row.weight;
  }

  Program run() {
    Program p;
    const int threads = between(options_.min_threads, options_.max_threads);
    p.threads.resize(static_cast<std::size_t>(threads));
    // Spawns and joins take part of the step budget; the rest is spread over the threads.
    const int budget = std::max(threads, options_.max_steps - 2 * (threads - 1));
    for (int t = 0; t < threads; ++t) {
      const int share = budget / threads;
      const int n = t == 0 ? between(0, std::max(0, share - 1)) : between(1, std::max(1, share));
      p.threads[static_cast<std::size_t>(t)] = steps(n);
    }
    for (int k = 1; k < threads; ++k) {  // one in five a daemon
      auto& body = p.threads[static_cast<std::size_t>(between(0, k - 1))];
      body.insert(body.begin() + between(0, static_cast<int>(body.size())),
                  Step{Code::spawn, static_cast<std::uint8_t>(k), static_cast<std::int8_t>(between(0, 4) == 0)});
    }
    for (int k = 1; k < threads; ++k) {  // half probed (is_alive(), join(timeout), a join poll), some twice
      const int probes = between(0, 1) == 0 ? 0 : between(0, 3) == 0 ? 2 : 1;
      for (int j = 0; j < probes; ++j) add_probe(p, k);
    }
    for (int k = 1; k < threads; ++k) {
      const int joins = between(0, 5) < 2 ? 0 : between(0, 5) == 0 ? 2 : 1;  // none, one, or two joiners
      for (int j = 0; j < joins; ++j) add_join(p, k);
    }
    return p;
  }

 private:
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  Step random_step(const OpInfo& row) {
    const auto objects_of = objects(row.family).size();
    return Step{row.code, static_cast<std::uint8_t>(between(0, static_cast<int>(objects_of) - 1)),
                static_cast<std::int8_t>(between(row.lo, row.hi))};
  }

  const OpInfo& pick() {
    int r = between(0, total_weight_ - 1);
    for (const OpInfo& row : kOps) {
      if (r < row.weight) return row;
      r -= row.weight;
    }
    return kOps.front();
  }

  // n steps; a step that opens a section is closed at some later point (or, one time in
  // four, never: a lock a thread ends holding is a shape too).
  std::vector<Step> steps(int n) {
    std::vector<Step> out;
    while (static_cast<int>(out.size()) < n) {
      const OpInfo& row = pick();
      const Step s = random_step(row);
      out.push_back(s);
      if (row.closer != row.code && between(0, 3) != 0) {
        pending_closers_.push_back({s.obj, row.closer, static_cast<int>(out.size())});
      }
    }
    // Latest opener first, so inserting a closer never moves an opener still to close.
    for (auto it = pending_closers_.rbegin(); it != pending_closers_.rend(); ++it) {
      const auto& [obj, closer, after] = *it;
      out.insert(out.begin() + between(after, static_cast<int>(out.size())), Step{closer, obj, 0});
    }
    pending_closers_.clear();
    return out;
  }

  // A join of k by a thread that can see its handle, at a place where it can.
  void add_join(Program& p, int k) {
    std::vector<std::pair<int, int>> places;
    for (int t = 0; t < static_cast<int>(p.threads.size()); ++t) {
      for (int at = 0; at <= static_cast<int>(p.threads[static_cast<std::size_t>(t)].size()); ++at) {
        if (can_join(p, t, at, k)) places.emplace_back(t, at);
      }
    }
    if (places.empty()) return;
    const auto [t, at] = places[static_cast<std::size_t>(between(0, static_cast<int>(places.size()) - 1))];
    auto& body = p.threads[static_cast<std::size_t>(t)];
    body.insert(body.begin() + at, Step{Code::join, static_cast<std::uint8_t>(k)});
  }

  // is_alive(), join(timeout) or a join poll of k, by its parent after the spawn half the
  // time, else by any thread that can see the handle, where it can.
  void add_probe(Program& p, int k) {
    std::vector<std::pair<int, int>> places;
    const SpawnSite site = spawn_site(p, k);
    const bool parent = between(0, 1) == 0;
    for (int t = 0; t < static_cast<int>(p.threads.size()); ++t) {
      if (parent && t != site.parent) continue;
      for (int at = 0; at <= static_cast<int>(p.threads[static_cast<std::size_t>(t)].size()); ++at) {
        if (can_join(p, t, at, k)) places.emplace_back(t, at);
      }
    }
    if (places.empty()) return;
    const auto [t, at] = places[static_cast<std::size_t>(between(0, static_cast<int>(places.size()) - 1))];
    const int kind = between(0, 4);  // 0-1: is_alive(), 2-3: join(timeout), 4: a join poll
    const Step probe = kind < 2   ? Step{Code::is_alive, static_cast<std::uint8_t>(k), 0}
                       : kind < 4 ? Step{Code::join_timed, static_cast<std::uint8_t>(k), static_cast<std::int8_t>(between(0, 1))}
                                  : Step{Code::join_poll, static_cast<std::uint8_t>(k), static_cast<std::int8_t>(between(1, 3))};
    auto& body = p.threads[static_cast<std::size_t>(t)];
    body.insert(body.begin() + at, probe);
  }

  struct Closer {
    std::uint8_t obj;
    Code code;
    int after;
  };
  std::mt19937_64 rng_;
  GeneratorOptions options_;
  int total_weight_ = 0;
  std::vector<Closer> pending_closers_;
};

}  // namespace

Program generate(std::uint64_t seed, const GeneratorOptions& options) { return Generator(seed, options).run(); }

}  // namespace lockstep::difftest
