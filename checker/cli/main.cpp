// The lockstep command line: parses the arguments and runs one command. Exit status: 0 ok,
// 1 failure, 2 bad input or a result that could not be written, 3 exploration stopped by a
// bound (see docs/cli.md, which says which one wins).
#include <iostream>
#include <system_error>
#include <vector>

#include "cli.hpp"
#include "output.hpp"

namespace {

// Results printed to a full disk or a closed pipe are lost: say so, and never exit 0.
int finish_stdout(int status) {
  const auto error = lockstep::cli::stdout_error();
  if (!error) return status;
  std::cerr << "lockstep: " << *error << "\n";
  return lockstep::cli::worst_status(status, lockstep::cli::kInputError);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace lockstep::cli;
  set_program_name(argc > 0 ? argv[0] : nullptr);
  CLI::App app{"lockstep: a deterministic concurrency model checker"};
  app.require_subcommand(1);
  const std::vector<Command> commands = {add_list_command(app), add_run_command(app),
                                         add_replay_command(app), add_merge_command(app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return finish_stdout(app.exit(e));
  } catch (const CLI::CallForAllHelp& e) {
    return finish_stdout(app.exit(e));
  } catch (const CLI::ParseError& e) {
    std::cerr << "lockstep: " << e.what() << " (lockstep --help shows usage)\n";
    return kInputError;
  }

  try {
    lockstep::check_models();
    for (const Command& command : commands) {
      if (command.app->parsed()) return finish_stdout(command.run());
    }
  } catch (const lockstep::InputError& e) {
    std::cerr << "lockstep: " << e.what() << "\n";
    return finish_stdout(kInputError);
  } catch (const std::system_error& e) {
    // fmt::print throws when stdio reports a short write.
    std::cerr << "lockstep: cannot write the results to standard output: " << e.code().message() << "\n";
    return kInputError;
  }
  return kInputError;
}
