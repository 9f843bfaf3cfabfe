// The interpreter of generated programs (see interpreter.hpp): one case per Code.
#include "differential/interpreter.hpp"

#include <fmt/format.h>

#include <optional>
#include <vector>

#include <lockstep/lockstep.hpp>

namespace lockstep::difftest {
namespace {

const Program* current = nullptr;
std::string state;

// A thread's handle, destroyed by hand so that a failure raised in its destructor (an
// at_end invariant runs when the last handle goes) propagates: std::optional's reset() and
// every container's destructor are noexcept, and would terminate instead.
class Handle {
 public:
  Handle() = default;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() noexcept(false) { drop(); }
  void emplace(std::string_view name, std::function<void()> body) {
    new (bytes_) Thread(name, std::move(body));
    live_ = true;
  }
  Thread* get() { return live_ ? thread() : nullptr; }
  void drop() {
    if (!live_) return;
    live_ = false;
    thread()->~Thread();  // joins it when no step did
  }

 private:
  Thread* thread() { return std::launder(reinterpret_cast<Thread*>(bytes_)); }
  alignas(Thread) unsigned char bytes_[sizeof(Thread)];
  bool live_ = false;
};

inline constexpr std::size_t kMaxThreads = 8;

// One object of every kind and name of program.hpp's objects().
struct World {
  Lock lock0, lock1;
  RLock rlock;
  Condition cv0;
  Condition cv1{lock1};
  ProcessCondition pcv;
  Shared<int> flags[3];  // the waits' predicate on each condition, under its lock
  Queue<int> q;
  Queue<int> bq{1};
  ProcessQueue<int> pq;
  Semaphore sem1{1}, sem0{0};
  Event ev;
  Atomic<int> a[2];
  Shared<int> s[2];
  // C++ primitives. latch_left: the latch's counter, which every count_down keeps below
  // (plain memory: it changes in the step's own run, no other thread in between)
  SharedMutex rw;
  Latch latch{2};
  int latch_left = 2;
  Lock cvlock;
  CondVar cvar;
  Shared<int> cvflag;
  Handle handles[kMaxThreads];  // by thread index
  std::vector<std::uint64_t> seen;             // by thread: a hash of what it observed
};

void thread_body(World& w, int self);

// One thread's interpretation: the locks and conditions it holds, what it observed.
class Interpreter {
 public:
  Interpreter(World& w, int self) : w_(w), self_(self) {}

  void run(const std::vector<Step>& steps) {
    for (std::size_t i = 0; i < steps.size(); ++i) exec(steps[i], i);
  }

 private:
  void observe(std::int64_t v) {
    last_ = v;
    w_.seen[static_cast<std::size_t>(self_)] = w_.seen[static_cast<std::size_t>(self_)] * 31 + static_cast<std::uint64_t>(v + 7);
  }
  detail::LockBase& lock(int o) {
    if (o == 0) return w_.lock0;
    if (o == 1) return w_.lock1;
    return w_.rlock;
  }
  // f(cv, guard) under the condition's lock: the one this thread holds, or else a `with`.
  template <class F>
  void with_cv(int o, F&& f) {
    auto go = [&](auto& cv) {
      if (guards_[o]) {
        f(cv, *guards_[o]);
        return;
      }
      Guard g = cv.lock();
      f(cv, g);
    };
    if (o == 0) {
      go(w_.cv0);
    } else if (o == 1) {
      go(w_.cv1);
    } else {
      go(w_.pcv);
    }
  }
  template <class F>
  void with_queue(int o, F&& f) {
    if (o == 0) {
      f(w_.q);
    } else if (o == 1) {
      f(w_.bq);
    } else {
      f(w_.pq);
    }
  }

  void exec(const Step& s, std::size_t index) {
    const int o = s.obj;
    const int v = s.value;
    Shared<int>& flag = w_.flags[o % 3];
    auto raised = [&flag] { return flag.load() != 0; };
    Semaphore& sem = o == 0 ? w_.sem1 : w_.sem0;
    Atomic<int>& a = w_.a[o % 2];
    switch (s.code) {
      case Code::lock_acquire:
        lock(o).acquire();
        ++held_[o];
        break;
      case Code::lock_try_acquire: {
        const bool ok = lock(o).acquire(false);
        observe(ok);
        held_[o] += ok;
        break;
      }
      case Code::lock_release:
        if (held_[o] > 0) {
          lock(o).release();
          --held_[o];
        }
        break;
      case Code::lock_poll:
        for (int i = 0; i < v; ++i) {
          if (lock(o).acquire(false)) {
            ++held_[o];
            break;
          }
          sleep(1);
        }
        break;
      case Code::cv_enter:
        if (!guards_[o]) {
          if (o == 0) guards_[o].emplace(w_.cv0.lock());
          if (o == 1) guards_[o].emplace(w_.cv1.lock());
          if (o == 2) guards_[o].emplace(w_.pcv.lock());
        }
        break;
      case Code::cv_exit: guards_[o].reset(); break;
      case Code::cv_wait:
        with_cv(o, [&](auto& cv, Guard& g) {
          if (!raised()) cv.wait(g);
          observe(flag.load());
        });
        break;
      case Code::cv_wait_timed: with_cv(o, [&](auto& cv, Guard& g) { observe(cv.wait(g, v)); }); break;
      case Code::cv_wait_zero: with_cv(o, [&](auto& cv, Guard& g) { observe(cv.wait(g, 0)); }); break;
      case Code::cv_wait_for: with_cv(o, [&](auto& cv, Guard& g) { cv.wait_for(g, raised); }); break;
      case Code::cv_wait_for_timed:
        with_cv(o, [&](auto& cv, Guard& g) { observe(cv.wait_for(g, raised, v)); });
        break;
      case Code::cv_poll:
        with_cv(o, [&](auto& cv, Guard& g) {
          for (int i = 0; i < v && !raised(); ++i) cv.wait(g, 1);
          observe(flag.load());
        });
        break;
      case Code::cv_notify:
        with_cv(o, [&](auto& cv, Guard&) {
          flag.store(1);
          cv.notify(v);
        });
        break;
      case Code::cv_notify_all:
        with_cv(o, [&](auto& cv, Guard&) {
          flag.store(1);
          cv.notify_all();
        });
        break;
      case Code::cv_clear:
        with_cv(o, [&](auto&, Guard&) {
          observe(flag.load());
          flag.store(0);
        });
        break;
      case Code::q_put: with_queue(o, [&](auto& q) { q.put(v); }); break;
      case Code::q_get: with_queue(o, [&](auto& q) { observe(q.get()); }); break;
      case Code::q_get_timed: with_queue(o, [&](auto& q) { observe(q.get(v).value_or(-1)); }); break;
      case Code::q_try_get: with_queue(o, [&](auto& q) { observe(q.try_get().value_or(-1)); }); break;
      case Code::q_empty: with_queue(o, [&](auto& q) { observe(q.empty()); }); break;
      case Code::q_size: with_queue(o, [&](auto& q) { observe(static_cast<std::int64_t>(q.size())); }); break;
      case Code::q_poll:
        with_queue(o, [&](auto& q) {
          for (int i = 0; i < v; ++i) {
            if (auto item = q.get(1)) {
              observe(*item);
              break;
            }
          }
        });
        break;
      case Code::sem_acquire: sem.acquire(); break;
      case Code::sem_acquire_timed: observe(sem.acquire(v)); break;
      case Code::sem_release: sem.release(); break;
      case Code::sem_poll: {
        int i = 0;
        while (i < v && !sem.acquire(1)) ++i;
        observe(i);
        break;
      }
      case Code::ev_set: w_.ev.set(); break;
      case Code::ev_clear: w_.ev.clear(); break;
      case Code::ev_is_set: observe(w_.ev.is_set()); break;
      case Code::ev_wait: w_.ev.wait(); break;
      case Code::ev_wait_timed: observe(w_.ev.wait(v)); break;
      case Code::ev_poll: {
        int i = 0;
        while (i < v && !w_.ev.wait(1)) ++i;
        observe(i);
        break;
      }
      case Code::a_load: observe(a.load()); break;
      case Code::a_store: a.store(v); break;
      case Code::a_exchange: observe(a.exchange(v)); break;
      case Code::a_compare_exchange: {
        int expected = v;
        observe(a.compare_exchange(expected, v + 1));
        observe(expected);
        break;
      }
      case Code::a_fetch_add: observe(a.fetch_add(v)); break;
      case Code::a_poll: {
        int i = 0;
        for (; i < v && a.load() == 0; ++i) sleep(1);
        observe(i);
        break;
      }
      case Code::s_load: observe(w_.s[o % 2].load()); break;
      case Code::s_store: w_.s[o % 2].store(v); break;
      case Code::s_increment: w_.s[o % 2].store(w_.s[o % 2].load() + v); break;
      case Code::yield: this_thread::yield(); break;
      case Code::sleep: sleep(v); break;
      case Code::choose: observe(choose(v)); break;
      case Code::check: check(last_ != v, fmt::format("check t{} #{}", self_, index)); break;
      case Code::at_end: {
        World& w = w_;
        at_end([&w, o, v] { check(w.a[o % 2].load() != v, fmt::format("at_end a{} != {}", o % 2, v)); });
        break;
      }
      case Code::spawn: {
        World& w = w_;
        const int k = o;
        w.handles[k].emplace(fmt::format("t{}", k), [&w, k] { thread_body(w, k); });
        break;
      }
      case Code::join:
        if (Thread* h = w_.handles[o].get()) h->join();
        break;
      case Code::rw_lock:
        if (rw_owned_ == 0) {
          w_.rw.lock();
          rw_owned_ = 1;
        }
        break;
      case Code::rw_lock_shared:
        if (rw_owned_ == 0) {
          w_.rw.lock_shared();
          rw_owned_ = 2;
        }
        break;
      case Code::rw_try_lock:
        if (rw_owned_ == 0) {
          const bool ok = w_.rw.try_lock();
          observe(ok);
          rw_owned_ = ok ? 1 : 0;
        }
        break;
      case Code::rw_try_lock_shared:
        if (rw_owned_ == 0) {
          const bool ok = w_.rw.try_lock_shared();
          observe(ok);
          rw_owned_ = ok ? 2 : 0;
        }
        break;
      case Code::rw_unlock:
        if (rw_owned_ == 1) w_.rw.unlock();
        if (rw_owned_ == 2) w_.rw.unlock_shared();
        rw_owned_ = 0;
        break;
      case Code::latch_count_down:
        if (w_.latch_left > 0) {
          --w_.latch_left;
          w_.latch.count_down();
        }
        break;
      case Code::latch_try_wait: observe(w_.latch.try_wait()); break;
      case Code::latch_wait: w_.latch.wait(); break;
      case Code::latch_arrive_and_wait:
        if (w_.latch_left > 0) {
          --w_.latch_left;
          w_.latch.arrive_and_wait();
        }
        break;
      case Code::cvar_wait: {
        Guard g = w_.cvlock.lock();
        if (w_.cvflag.load() == 0) w_.cvar.wait(g);
        observe(w_.cvflag.load());
        break;
      }
      case Code::cvar_wait_pred: {
        Guard g = w_.cvlock.lock();
        w_.cvar.wait(g, [&] { return w_.cvflag.load() != 0; });
        break;
      }
      case Code::cvar_wait_for: {
        Guard g = w_.cvlock.lock();
        observe(w_.cvar.wait_for(g, v) == cv_status::no_timeout);
        break;
      }
      case Code::cvar_notify_one: {
        {
          Guard g = w_.cvlock.lock();
          w_.cvflag.store(1);
        }
        w_.cvar.notify_one();  // after the lock, as std::condition_variable allows
        break;
      }
      case Code::cvar_notify_all: {
        Guard g = w_.cvlock.lock();
        w_.cvflag.store(1);
        w_.cvar.notify_all();
        break;
      }
      case Code::a_fetch_sub: observe(a.fetch_sub(v)); break;
      case Code::a_fetch_or: observe(a.fetch_or(v)); break;
      case Code::a_fetch_xor: observe(a.fetch_xor(v)); break;
      case Code::a_cas_weak: {
        int expected = v;
        observe(a.compare_exchange_weak(expected, v + 1));
        observe(expected);
        break;
      }
      case Code::atomic_block:
        atomically([&] {
          observe(a.load());
          a.store(v);
        });
        break;
      case Code::assume: assume(last_ != v); break;
      case Code::count_: break;
    }
  }

  World& w_;
  int self_;
  std::int64_t last_ = 0;
  int held_[3] = {};  // how many times this thread holds each lock
  std::optional<Guard> guards_[3];  // `with cv:` held over later steps, by condition
  int rw_owned_ = 0;  // the SharedMutex: 0 not owned, 1 exclusively, 2 shared
};

void thread_body(World& w, int self) {
  Interpreter(w, self).run(current->threads[static_cast<std::size_t>(self)]);
}

void body() {
  if (current->threads.size() > kMaxThreads) detail::fail(FailureKind::model_misuse, "too many threads", std::source_location::current());
  World w;
  w.seen.assign(current->threads.size(), 0);
  thread_body(w, 0);
  // A thread no step joins is joined by its handle's destructor (join_at_exit). One that
  // some step joins is joined here explicitly instead, its handle kept: a destructor that
  // joins only when no join() returned yet, or a handle gone while another thread may still
  // join it, would make the steps depend on state the checker does not see.
  std::vector<bool> named(current->threads.size(), false);
  for (const auto& steps : current->threads) {
    for (const Step& s : steps) {
      if (s.code == Code::join) named[s.obj] = true;
    }
  }
  for (std::size_t k = 0; k < current->threads.size(); ++k) {
    if (!named[k]) {
      w.handles[k].drop();
    } else if (Thread* h = w.handles[k].get()) {
      h->join();
    }
  }
  std::string out = "seen";
  for (std::uint64_t x : w.seen) out += fmt::format(" {}", x);
  out += fmt::format(" a={},{} s={},{} flags={},{},{}", w.a[0].load(), w.a[1].load(), w.s[0].load(), w.s[1].load(),
                     w.flags[0].load(), w.flags[1].load(), w.flags[2].load());
  out += fmt::format(" sizes={},{},{} ev={}", w.q.size(), w.bq.size(), w.pq.size(), w.ev.is_set());
  out += fmt::format(" cvflag={} latch={}", w.cvflag.load(), w.latch_left);
  state = std::move(out);
}

const detail::ModelInfo model{"difftest/program", "a generated program", std::nullopt, &body,
                              std::source_location::current()};

}  // namespace

const detail::ModelInfo& program_model() { return model; }
void set_program(const Program& p) { current = &p; }
const std::string& final_state() { return state; }
void clear_final_state() { state.clear(); }

}  // namespace lockstep::difftest
