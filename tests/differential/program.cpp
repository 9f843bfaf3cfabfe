// Printing a generated program: pseudo-code for a person, C++ for a regression test.
#include "differential/program.hpp"

#include <fmt/format.h>

namespace lockstep::difftest {

std::vector<std::string_view> objects(Family family) {
  switch (family) {
    case Family::none: return {""};
    case Family::lock: return {"lock0", "lock1", "rlock"};
    case Family::condition: return {"cv0", "cv1", "pcv"};  // cv1 = Condition(lock1)
    case Family::queue: return {"q", "bq", "pq", "lq", "prq"};  // Queue(), Queue(1), ProcessQueue(), LifoQueue(), PriorityQueue(2)
    case Family::pyqueue: return {"q", "bq", "lq", "prq"};
    case Family::semaphore: return {"sem1", "sem0", "bsem"};  // Semaphore(1), Semaphore(0), BoundedSemaphore(1)
    case Family::event: return {"ev"};
    case Family::atomic: return {"a0", "a1"};
    case Family::shared: return {"s0", "s1"};
    case Family::thread: return {};  // by index: t1, t2...
    case Family::barrier: return {"bar0", "bar1"};  // Barrier(2), Barrier(2, action: a1.fetch_add(1))
    case Family::timer: return {"tm0", "tm1"};      // each thread's own
    case Family::shared_mutex: return {"rw"};
    case Family::latch: return {"latch"};  // Latch(2)
    case Family::condvar: return {"cvar"};  // with its Lock cvlock and Shared flag cvflag
  }
  return {};
}

std::size_t size(const Program& p) {
  std::size_t n = 0;
  for (const auto& t : p.threads) n += t.size();
  return n;
}

namespace {

std::string step_text(const Step& s) {
  const OpInfo& row = info(s.code);
  const std::string object =
      row.family == Family::thread ? fmt::format("t{}", s.obj) : std::string(objects(row.family)[s.obj]);
  return fmt::format(fmt::runtime(row.text), fmt::arg("o", object), fmt::arg("v", s.value));
}

}  // namespace

std::string print(const Program& p) {
  std::string out =
      "objects: Lock lock0, lock1; RLock rlock; Condition cv0, cv1(lock1); ProcessCondition pcv (each with a "
      "Shared flag); Queue q, bq(1); ProcessQueue pq; LifoQueue lq; PriorityQueue prq(2); Semaphore sem1(1), "
      "sem0(0); BoundedSemaphore bsem(1); Barrier bar0(2), bar1(2, a1.fetch_add(1)); Event ev; Atomic a0, a1; "
      "Shared s0, s1; timers tm0, tm1 of each thread; SharedMutex rw; Latch latch(2); CondVar cvar (with Lock "
      "cvlock, Shared cvflag)\n";
  for (std::size_t t = 0; t < p.threads.size(); ++t) {
    out += t == 0 ? "main:\n" : fmt::format("t{}:\n", t);
    for (const Step& s : p.threads[t]) out += "  " + step_text(s) + "\n";
    if (t == 0) out += "  (every thread not joined yet is joined)\n";
  }
  return out;
}

std::string print_cpp(const Program& p) {
  std::string out = "Program{{\n";
  for (const auto& thread : p.threads) {
    out += "    {";
    for (std::size_t i = 0; i < thread.size(); ++i) {
      const Step& s = thread[i];
      out += fmt::format("{}{{Code::{}, {}, {}}}", i == 0 ? "" : ", ", info(s.code).name, s.obj, s.value);
    }
    out += "},\n";
  }
  return out + "}}";
}

}  // namespace lockstep::difftest
