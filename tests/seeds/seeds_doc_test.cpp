// docs/seeds.md shows lockstep's real output for each seed model: every fenced block that
// follows a `<!-- lockstep-output: MODEL -->` line must equal what lockstep::run prints for
// MODEL now (format_summary, then format_failure), elapsed time aside. After a deliberate
// change of the output, regenerate the blocks with LOCKSTEP_UPDATE_DOCS=1.
#include <lockstep/gtest.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// The source tree: $LOCKSTEP_SOURCE_DIR, or the nearest directory above the working
// directory that holds docs/seeds.md (build directories live inside the tree).
fs::path seeds_doc() {
  if (const char* dir = std::getenv("LOCKSTEP_SOURCE_DIR")) return fs::path(dir) / "docs/seeds.md";
  for (fs::path p = fs::current_path(); !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / "docs/seeds.md")) return p / "docs/seeds.md";
    if (p == p.parent_path()) break;
  }
  return {};
}

std::string output_of(const std::string& model) {
  lockstep::RunResult r = lockstep::testing::run_model(model);
  std::string out = lockstep::format_summary(r) + "\n" + lockstep::format_failure(r);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string without_elapsed(const std::string& text) {
  static const std::regex elapsed(R"(\d+\.\d+ s\])");
  return std::regex_replace(text, elapsed, "... s]");
}

struct Block {
  std::string model;
  std::size_t begin;  // first character of the block's text
  std::size_t end;    // the line of the closing fence
};

std::vector<Block> blocks(const std::string& doc) {
  static const std::string marker = "<!-- lockstep-output: ";
  std::vector<Block> out;
  for (std::size_t at = doc.find(marker); at != std::string::npos; at = doc.find(marker, at + 1)) {
    const std::size_t name_end = doc.find(" -->", at);
    const std::size_t fence = doc.find("```", name_end);
    if (name_end == std::string::npos || fence == std::string::npos) break;
    const std::size_t begin = doc.find('\n', fence) + 1;
    const std::size_t close = doc.compare(begin, 3, "```") == 0 ? begin - 1 : doc.find("\n```", begin);
    if (begin == 0 || close == std::string::npos) break;
    const std::size_t end = close + 1;
    out.push_back({doc.substr(at + marker.size(), name_end - at - marker.size()), begin, end});
  }
  return out;
}

TEST(SeedsDoc, EveryOutputBlockMatchesWhatLockstepPrints) {
  const fs::path path = seeds_doc();
  ASSERT_FALSE(path.empty()) << "docs/seeds.md not found (set LOCKSTEP_SOURCE_DIR)";
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string doc = buffer.str();
  const std::vector<Block> found = blocks(doc);
  ASSERT_GE(found.size(), 8u) << "expected an output block for each seed bug";

  if (std::getenv("LOCKSTEP_UPDATE_DOCS") != nullptr) {
    for (auto b = found.rbegin(); b != found.rend(); ++b) {
      doc.replace(b->begin, b->end - b->begin, output_of(b->model) + "\n");
    }
    std::ofstream(path) << doc;
    GTEST_SKIP() << "rewrote " << path;
  }
  for (const Block& b : found) {
    EXPECT_EQ(without_elapsed(doc.substr(b.begin, b.end - b.begin)), without_elapsed(output_of(b.model) + "\n"))
        << "docs/seeds.md is out of date for " << b.model << " (regenerate with LOCKSTEP_UPDATE_DOCS=1)";
  }
}

}  // namespace
