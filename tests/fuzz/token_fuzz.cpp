// libFuzzer harness for the replay-token parser: any input is refused with a reason or
// accepted, never read out of bounds; an accepted token survives an encode/decode round trip
// with the same choices.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "report/token.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lockstep::detail;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const TokenParse parsed = decode_token(text);
  if (!parsed.token) {
    if (parsed.reason.empty()) std::abort();  // a refusal always says why
    return 0;
  }
  const TokenParse again = decode_token(encode_token(*parsed.token));
  if (!again.token || again.token->model != parsed.token->model || again.token->params != parsed.token->params ||
      again.token->choices.size() != parsed.token->choices.size()) {
    std::abort();
  }
  // Run-length encoding gives back every choice as it was.
  for (std::size_t i = 0; i < parsed.token->choices.size(); ++i) {
    const Choice& a = parsed.token->choices[i];
    const Choice& b = again.token->choices[i];
    if (a.kind != b.kind || a.chosen != b.chosen || a.alternatives != b.alternatives) std::abort();
  }
  return 0;
}
