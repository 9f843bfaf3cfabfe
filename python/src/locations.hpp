// Where a Python script is: the file:line of the script's code that called a primitive,
// as the std::source_location the engine records with every step, so traces name the
// script's own lines.
#pragma once

#include <Python.h>

#include <cstdint>
#include <deque>
#include <map>
#include <source_location>
#include <string>
#include <unordered_map>
#include <utility>

namespace lockstep::python {

class Locations {
 public:
  // Frames of code under `package_dir` (lockstep's own Python modules) are skipped; paths
  // under `cwd` are shown relative to it.
  Locations(std::string package_dir, std::string cwd);
  Locations(const Locations&) = delete;
  Locations& operator=(const Locations&) = delete;
  ~Locations();

  // The innermost frame outside lockstep's package, or no location (line 0) when none.
  std::source_location caller();
  std::source_location at(const std::string& file, int line);
  // Between executions: forgets the code objects it keeps once they are many (the modules a
  // script imports are imported afresh in every execution, each time with new code).
  void trim();

 private:
  // libstdc++'s layout of std::source_location's implementation record (checked at import,
  // module.cpp): a source_location is one pointer to such a record.
  struct Record {
    const char* file;
    const char* function;
    std::uint_least32_t line;
    std::uint_least32_t column;
  };
  struct Site {
    const PyObject* code;
    int lasti;
    bool operator==(const Site&) const = default;
  };
  struct SiteHash {
    std::size_t operator()(const Site& s) const {
      return std::hash<const void*>()(s.code) ^ (static_cast<std::size_t>(s.lasti) * 0x9e3779b97f4a7c15ULL);
    }
  };

  static std::source_location from(const Record* record);
  const Record* intern(PyObject* filename, int line);
  const Record* record(const std::string& file, int line);
  std::string shown(const std::string& file) const;
  bool ours(PyObject* code);

  std::string package_dir_;
  std::string cwd_;
  // A null record: the site is in lockstep's own code. Every code object a key names is
  // kept alive (owned_), so its address is never reused for another.
  std::unordered_map<Site, const Record*, SiteHash> sites_;
  std::unordered_map<const PyObject*, bool> ours_;
  std::map<std::pair<std::string, int>, Record> records_;  // node-stable: the engine keeps pointers
  std::deque<std::string> files_;
  std::deque<PyObject*> owned_;

 public:
  // For the import-time check of Record's layout.
  static bool layout_matches();
};

}  // namespace lockstep::python
