// Where a model thread threw: the C++ runtime's __cxa_throw, interposed, notes the address
// of each throw of a model thread, and an uncaught exception is reported at that throw's
// file:line (read from the binary's debug information) instead of the thread's last
// visible step. A rethrow (`throw;`) keeps the original throw's site.
#include "runtime/throw_site.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <map>
#include <mutex>
#include <typeinfo>

#include <fmt/format.h>

#include "runtime/execution.hpp"

namespace {
// The thrown object's type as each compiler declares __cxa_throw: GCC implicitly with
// void*, clang as <cxxabi.h> does (which its sanitizers' builds include).
#if defined(__clang__)
using ThrownType = std::type_info;
#else
using ThrownType = void;
#endif
using RealThrow = void (*)(void*, ThrownType*, void (*)(void*));
}  // namespace

// Every `throw` of the program comes here first (this definition precedes libstdc++'s in
// the link); the real one is the next definition along the search order.
extern "C" void __cxa_throw(void* thrown, ThrownType* type, void (*destroy)(void*)) {
  static const auto real = reinterpret_cast<RealThrow>(dlsym(RTLD_NEXT, "__cxa_throw"));
  if (lockstep::detail::Execution* e = lockstep::detail::current_execution()) e->note_throw(__builtin_return_address(0));
  real(thrown, type, destroy);
  __builtin_unreachable();
}

namespace lockstep::detail {

std::string throw_site(const void* return_address) {
  if (return_address == nullptr) return {};
  // One addr2line per site, however often a failing execution is re-run (minimization).
  static std::mutex lock;
  static std::map<const void*, std::string> known;
  const std::lock_guard<std::mutex> guard(lock);
  if (auto it = known.find(return_address); it != known.end()) return it->second;
  std::string site;
  Dl_info info{};
  if (dladdr(return_address, &info) != 0 && info.dli_fname != nullptr) {
    // The call instruction ends just before its return address.
    const auto offset = static_cast<const char*>(return_address) - 1 - static_cast<const char*>(info.dli_fbase);
    const std::string command = fmt::format("addr2line -e '{}' 0x{:x} 2>/dev/null", info.dli_fname, offset);
    if (FILE* out = popen(command.c_str(), "r")) {
      char line[4096];
      if (std::fgets(line, sizeof line, out) != nullptr) site = line;
      pclose(out);
    }
    while (!site.empty() && (site.back() == '\n' || site.back() == ' ')) site.pop_back();
    // "file:line (discriminator N)"; "??:0" or "file:?" when there is no debug information.
    if (const auto cut = site.find(" ("); cut != std::string::npos) site.resize(cut);
    if (site.starts_with("??") || site.ends_with(":?") || site.ends_with(":0")) site.clear();
    if (site.starts_with("./")) site.erase(0, 2);  // the build directory, mapped to "."
  }
  known.emplace(return_address, site);
  return site;
}

}  // namespace lockstep::detail
