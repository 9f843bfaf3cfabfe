// JUnit XML output (--junit FILE): one testcase per model run. A failure's text is what the
// CLI prints for it (summary, trace, blocked threads, replay line); a bound that stopped
// exploration is a skipped testcase.
#include <fmt/format.h>

#include <string_view>

#include "lockstep/report.hpp"
#include "report/utf8.hpp"

namespace lockstep {
namespace {

// Escapes text and attribute values. Any bytes may come from a model: a control character
// XML 1.0 cannot hold is dropped, a byte that is not UTF-8 becomes U+FFFD.
std::string xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const std::size_t n = detail::utf8_length(text.substr(i));
    if (n == 0) {
      out += detail::kReplacement;
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(text, i, n);
      i += n;
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') out += c;
    }
    ++i;
  }
  return out;
}

std::string testcase_name(const RunResult& r) {
  std::string params = format_params(r.params);
  return params.empty() ? r.model : r.model + " " + params;
}

std::string classname(const RunResult& r) {
  const auto slash = r.model.rfind('/');
  return "lockstep." + (slash == std::string::npos ? r.model : r.model.substr(0, slash));
}

bool failed(const RunResult& r) { return !r.as_expected && r.verdict != Verdict::incomplete; }
bool skipped(const RunResult& r) { return !r.as_expected && r.verdict == Verdict::incomplete; }

}  // namespace

std::string format_junit(const std::vector<RunResult>& results, std::string_view program) {
  int failures = 0;
  int skips = 0;
  double time = 0;
  for (const RunResult& r : results) {
    failures += failed(r) ? 1 : 0;
    skips += skipped(r) ? 1 : 0;
    time += r.elapsed_s;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"lockstep\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{:.3f}\">\n",
                     results.size(), failures, skips, time);
  out += fmt::format("  <testsuite name=\"lockstep\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.3f}\">\n",
                     results.size(), failures, skips, time);
  for (const RunResult& r : results) {
    out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\">\n", xml(classname(r)),
                       xml(testcase_name(r)), r.elapsed_s);
    // Exactly what `lockstep run` prints for this model.
    const std::string text = format_summary(r) + "\n" + format_failure(r, program);
    if (failed(r)) {
      const std::string type = r.failure ? std::string(to_string(r.failure->kind)) : "missing_expected_failure";
      out += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", xml(type),
                         xml(format_summary(r)), xml(text));
    } else if (skipped(r)) {
      out += fmt::format("      <skipped message=\"{}\"/>\n", xml(format_summary(r)));
    } else {
      out += fmt::format("      <system-out>{}</system-out>\n", xml(text));
    }
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace lockstep
