// libFuzzer harness for command-line and parameter parsing: the input is split at NUL
// bytes into arguments and parsed by the real `lockstep` command definitions (nothing is
// run; flag values are checked as they are parsed); every rejection is a CLI11 ParseError
// or an InputError, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cli.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lockstep;
  std::vector<std::string> args{"lockstep"};
  std::string current;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      args.push_back(current);
      current.clear();
    } else {
      current += static_cast<char>(data[i]);
    }
  }
  args.push_back(current);
  for (const std::string& arg : args) {
    try {
      (void)cli::parse_param(arg);
    } catch (const InputError&) {
    }
  }
  try {
    (void)cli::parse_params({args.begin() + 1, args.end()});
  } catch (const InputError&) {
  }
  CLI::App app{"lockstep"};
  app.require_subcommand(1);
  // Kept alive: each command's options write into state its Command owns.
  const cli::Command commands[] = {cli::add_list_command(app), cli::add_run_command(app),
                                   cli::add_replay_command(app), cli::add_merge_command(app)};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError&) {
  }
  return 0;
}
