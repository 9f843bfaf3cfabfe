// The source location of a throw, from the return address its __cxa_throw call noted.
#pragma once

#include <string>

namespace lockstep::detail {

// "file:line" of the throw that called __cxa_throw from just before `return_address`;
// empty when unknown (no debug information, no addr2line).
std::string throw_site(const void* return_address);

}  // namespace lockstep::detail
