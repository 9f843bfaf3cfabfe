// The lockstep command line: parses the arguments and runs one command. Exit status: 0 ok,
// 1 failure, 2 bad input, 3 exploration stopped by a bound (see docs/cli.md).
#include <iostream>
#include <vector>

#include "cli.hpp"
#include "output.hpp"

int main(int argc, char** argv) {
  using namespace lockstep::cli;
  set_program_name(argc > 0 ? argv[0] : nullptr);
  CLI::App app{"lockstep: a deterministic concurrency model checker"};
  app.require_subcommand(1);
  const std::vector<Command> commands = {add_list_command(app), add_run_command(app),
                                         add_replay_command(app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "lockstep: " << e.what() << " (lockstep --help shows usage)\n";
    return kInputError;
  }

  try {
    for (const Command& command : commands) {
      if (command.app->parsed()) return command.run();
    }
  } catch (const lockstep::InputError& e) {
    std::cerr << "lockstep: " << e.what() << "\n";
    return kInputError;
  }
  return kInputError;
}
