// lockstep's version, from project(VERSION) in CMakeLists.txt.
#include "lockstep/run.hpp"

namespace lockstep {

std::string_view version() { return LOCKSTEP_VERSION; }

}  // namespace lockstep
