// Text a model chose (check messages, thread and object names) is any bytes: the reports make
// it well-formed UTF-8 before they show it, so that no terminal, JSON or XML reader chokes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lockstep::detail {

// The length of the well-formed UTF-8 sequence at the start of `text` (1 to 4), or 0 when
// its first byte does not start one (RFC 3629: no overlong forms, no surrogates, at most
// U+10FFFF; U+FFFE and U+FFFF, which XML excludes, count as not well-formed).
std::size_t utf8_length(std::string_view text);

// U+FFFD REPLACEMENT CHARACTER, in UTF-8.
inline constexpr std::string_view kReplacement = "\xef\xbf\xbd";

// `text` for a terminal: each byte that does not start a well-formed sequence becomes U+FFFD,
// each control character (a newline or an escape sequence would rewrite the trace's layout
// or the terminal) becomes \xNN.
std::string printable(std::string_view text);

}  // namespace lockstep::detail
