// The shrinker (see shrinker.hpp).
#include "differential/shrinker.hpp"

#include "differential/generator.hpp"

namespace lockstep::difftest {

Program normalize(Program p) {
  // Threads started, in the order of their index.
  std::vector<int> renumber(p.threads.size(), -1);
  renumber[0] = 0;
  bool grew = true;
  while (grew) {
    grew = false;
    for (std::size_t t = 0; t < p.threads.size(); ++t) {
      if (renumber[t] < 0) continue;
      for (const Step& s : p.threads[t]) {
        if (s.code == Code::spawn && s.obj < renumber.size() && renumber[s.obj] < 0) {
          renumber[s.obj] = 1;
          grew = true;
        }
      }
    }
  }
  for (std::size_t t = 0; t < p.threads.size(); ++t) {
    auto& body = p.threads[t];
    for (std::size_t i = body.size(); i-- > 0;) {
      const Step& s = body[i];
      if (info(s.code).family == Family::thread && s.code != Code::spawn &&
          !can_join(p, static_cast<int>(t), static_cast<int>(i), s.obj)) {
        body.erase(body.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
  }
  int next = 0;
  for (int& r : renumber) {
    if (r >= 0) r = next++;
  }
  Program out;
  for (std::size_t t = 0; t < p.threads.size(); ++t) {
    if (renumber[t] < 0) continue;
    std::vector<Step> body;
    for (Step s : p.threads[t]) {
      if (info(s.code).family == Family::thread) {
        if (renumber[s.obj] < 0) continue;
        s.obj = static_cast<std::uint8_t>(renumber[s.obj]);
      }
      body.push_back(s);
    }
    out.threads.push_back(std::move(body));
  }
  return out;
}

namespace {

// Every program one simplification away from p, the biggest cuts first.
std::vector<Program> candidates(const Program& p) {
  std::vector<Program> out;
  for (std::size_t t = 0; t < p.threads.size(); ++t) {  // a thread, by dropping its spawn
    for (std::size_t i = 0; i < p.threads[t].size(); ++i) {
      if (p.threads[t][i].code != Code::spawn) continue;
      Program q = p;
      q.threads[t].erase(q.threads[t].begin() + static_cast<std::ptrdiff_t>(i));
      out.push_back(normalize(std::move(q)));
    }
  }
  for (int k = 1; k < static_cast<int>(p.threads.size()); ++k) {  // a nested thread, spawned by its grandparent
    const SpawnSite site = spawn_site(p, k);
    if (site.parent <= 0) continue;
    const SpawnSite up = spawn_site(p, site.parent);
    if (up.parent < 0) continue;
    Program q = p;
    auto& from = q.threads[static_cast<std::size_t>(site.parent)];
    from.erase(from.begin() + site.index);
    auto& to = q.threads[static_cast<std::size_t>(up.parent)];
    to.insert(to.begin() + up.index + 1, Step{Code::spawn, static_cast<std::uint8_t>(k)});
    out.push_back(normalize(std::move(q)));
  }
  for (std::size_t t = 0; t < p.threads.size(); ++t) {  // a step
    for (std::size_t i = 0; i < p.threads[t].size(); ++i) {
      if (p.threads[t][i].code == Code::spawn) continue;
      Program q = p;
      q.threads[t].erase(q.threads[t].begin() + static_cast<std::ptrdiff_t>(i));
      out.push_back(normalize(std::move(q)));
    }
  }
  for (std::size_t t = 0; t < p.threads.size(); ++t) {  // a plain atomic load for any step but a thread's
    for (std::size_t i = 0; i < p.threads[t].size(); ++i) {
      const Step& s = p.threads[t][i];
      if (info(s.code).family == Family::thread || s == Step{Code::a_load, 0, 0}) continue;
      Program q = p;
      q.threads[t][i] = Step{Code::a_load, 0, 0};
      out.push_back(std::move(q));
    }
  }
  for (std::size_t t = 0; t < p.threads.size(); ++t) {  // the first object, the smallest value
    for (std::size_t i = 0; i < p.threads[t].size(); ++i) {
      const Step& s = p.threads[t][i];
      const OpInfo& row = info(s.code);
      if (row.family != Family::thread && s.obj != 0) {
        Program q = p;
        q.threads[t][i].obj = 0;
        out.push_back(std::move(q));
      }
      if (s.value != row.lo) {
        Program q = p;
        q.threads[t][i].value = static_cast<std::int8_t>(row.lo);
        out.push_back(std::move(q));
      }
    }
  }
  return out;
}

}  // namespace

Program shrink(Program p, const std::function<bool(const Program&)>& still_fails) {
  for (bool smaller = true; smaller;) {
    smaller = false;
    for (Program& q : candidates(p)) {
      if (q == p || !still_fails(q)) continue;
      p = std::move(q);
      smaller = true;
      break;
    }
  }
  return p;
}

}  // namespace lockstep::difftest
