// lockstep_difftest: generates random programs over every primitive and checks that dpor,
// dfs and bounded dfs agree on each, or, on a program too big for dfs, that dpor reaches
// every outcome sampled executions reach (runner.hpp); a divergence is shrunk and printed as
// pseudo-code, and the exit status is 1. Exit 0: every program checked agreed.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "differential/generator.hpp"
#include "differential/runner.hpp"
#include "differential/shrinker.hpp"

namespace {

using namespace lockstep::difftest;

// The seed of the program at `index` of a run seeded with `seed` (splitmix64).
std::uint64_t program_seed(std::uint64_t seed, std::uint64_t index) {
  std::uint64_t z = seed + (index + 1) * 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void report(const Program& program, const Divergence& d, const RunnerOptions& options) {
  fmt::print("DIVERGENCE ({}):\n  {}\nprogram:\n{}\nshrinking...\n", d.kind, d.detail, print(program));
  std::fflush(stdout);
  const Program small = shrink(program, [&](const Program& q) {
    const Verdict v = check_program(q, options);
    return v.divergence && same_bug(*v.divergence, d);
  });
  const Verdict v = check_program(small, options);
  fmt::print("shrunk program ({} steps, {} threads):\n{}\nas C++:\n{}\n", size(small), small.threads.size(),
             print(small), print_cpp(small));
  if (v.divergence) fmt::print("its divergence ({}):\n  {}\n", v.divergence->kind, v.divergence->detail);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Differential test of lockstep's exhaustive strategies on random programs"};
  std::uint64_t seed = static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  double seconds = 0;
  std::uint64_t programs = 0;
  std::optional<std::uint64_t> only;
  bool verbose = false;
  RunnerOptions options;
  GeneratorOptions generator;
  app.add_option("--seed", seed, "seed of the run (default: from the clock)");
  app.add_option("--seconds", seconds, "stop after this many seconds");
  app.add_option("--programs", programs, "stop after this many programs");
  app.add_option("--program-seed", only, "check only the program of this seed (as printed for a divergence)");
  app.add_option("--dfs-budget", options.dfs_budget,
                 "check programs dfs needs more executions for against the sampler instead")
      ->capture_default_str();
  app.add_option("--sample-executions", options.sample_executions,
                 "executions of the sampler (random walks and PCT) on a program too big for dfs; 0: skip it")
      ->capture_default_str();
  app.add_option("--dpor-budget", options.dpor_budget, "skip a program too big for dfs that dpor needs more executions for")
      ->capture_default_str();
  app.add_option("--max-steps", generator.max_steps, "steps per program, over all threads")->capture_default_str();
  app.add_option("--dpor-jobs", options.dpor_jobs,
                 "also run dpor --jobs N: the same executions and first failure as one dpor thread")
      ->check(CLI::Range(1, 64));
  app.add_option("--dpor-shards", options.dpor_shards,
                 "also run the N shards of dpor --shard K/N: together dfs's outcomes, in no more executions")
      ->check(CLI::Range(1, 64));
  app.add_option("--dpor-shard-units", options.dpor_shard_units,
                 "with --dpor-shards: units per shard, as deep the prefixes (the driver gives dpor 1)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  app.add_flag("--spurious-wakeups", options.spurious_wakeups,
               "explore spurious wake-ups of every wait, in every strategy (the CLI's --spurious-wakeups)");
  app.add_flag("--verbose", verbose, "print every program's seed and execution counts");
  CLI11_PARSE(app, argc, argv);
  if (seconds <= 0 && programs == 0) programs = 100;

  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  fmt::print("lockstep_difftest --seed {}\n", seed);
  std::fflush(stdout);
  std::uint64_t by_dfs = 0, by_sampler = 0, skipped = 0, dfs = 0, dpor = 0, sampled = 0, replays = 0;
  // --dpor-shards: the shards' executions and redundant ones added up, one dpor run's
  // redundant ones, and the programs whose shards explored as many executions as dpor.
  std::uint64_t shards = 0, shards_redundant = 0, dpor_checked = 0, dpor_redundant = 0, shards_exact = 0;
  for (std::uint64_t i = 0;; ++i) {
    if (programs != 0 && i >= programs) break;
    if (seconds > 0 && elapsed() >= seconds) break;
    const std::uint64_t ps = only ? *only : program_seed(seed, i);
    const Program program = generate(ps, generator);
    if (verbose) {
      fmt::print("program #{} (--program-seed {}):\n{}", i, ps, print(program));
      std::fflush(stdout);
    }
    options.sample_seed = ps;
    const Verdict v = check_program(program, options);
    if (verbose) {
      fmt::print("  {}\n", v.skipped   ? "skipped"
                           : v.sampled ? fmt::format("sampled {} executions, dpor {}", v.sampled_executions, v.dpor_executions)
                                       : fmt::format("dfs {} executions, dpor {}{}", v.dfs_executions, v.dpor_executions,
                                                     options.dpor_shards > 1 ? fmt::format(", shards {}", v.shard_executions) : ""));
    }
    if (v.skipped) {
      ++skipped;
    } else {
      ++(v.sampled ? by_sampler : by_dfs);
      dfs += v.dfs_executions;
      dpor += v.dpor_executions;
      if (!v.sampled) {
        shards += v.shard_executions;
        dpor_checked += v.dpor_executions;
        shards_redundant += v.shard_redundant;
        dpor_redundant += v.dpor_redundant;
        if (v.shard_executions == v.dpor_executions) ++shards_exact;
      }
      sampled += v.sampled_executions;
      replays += v.replays;
    }
    if (v.divergence) {
      fmt::print("program #{} (--program-seed {}) ", i, ps);
      report(program, *v.divergence, options);
      fmt::print("FAILED after {} programs ({} against dfs, {} against the sampler, {} skipped) in {:.1f} s (--seed {})\n",
                 i + 1, by_dfs, by_sampler, skipped, elapsed(), seed);
      return 1;
    }
    if (only) break;
  }
  const std::string why = options.sample_executions == 0
                              ? fmt::format("dfs needs more than {} executions", options.dfs_budget)
                              : fmt::format("dfs needs more than {}, dpor more than {}", options.dfs_budget,
                                            options.dpor_budget);
  fmt::print(
      "{} programs checked ({} against dfs, {} against the sampler), {} skipped ({}) in {:.1f} s: {} dfs executions, "
      "{} dpor executions, {} sampled executions, {} failing executions replayed from their tokens; no divergence "
      "(--seed {})\n",
      by_dfs + by_sampler, by_dfs, by_sampler, skipped, why, elapsed(), dfs, dpor, sampled, replays, seed);
  if (options.dpor_shards > 1) {
    fmt::print("dpor --shard K/{} on the {} programs checked against dfs: {} executions ({} redundant) added up, one dpor "
               "run {} ({}); as many as dpor on {}\n",
               options.dpor_shards, by_dfs, shards, shards_redundant, dpor_checked, dpor_redundant, shards_exact);
  }
  return 0;
}
