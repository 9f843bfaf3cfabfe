// The interpreter of generated programs (see interpreter.hpp): one case per Code.
#include "differential/interpreter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <optional>
#include <vector>

#include <lockstep/lockstep.hpp>

#include "differential/generator.hpp"

namespace lockstep::difftest {
namespace {

const Program* current = nullptr;
thread_local std::string state;  // per thread: lockstep_difftest --dpor-jobs runs executions on workers

// A thread's handle or a timer, destroyed by hand so that a failure raised in its destructor
// (an at_end invariant runs when the last handle goes) propagates: std::optional's reset()
// and every container's destructor are noexcept, and would terminate instead.
template <class T>
class Slot {
 public:
  Slot() = default;
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  ~Slot() noexcept(false) { drop(); }
  template <class... Args>
  void emplace(Args&&... args) {
    new (bytes_) T(std::forward<Args>(args)...);
    live_ = true;
  }
  T* get() { return live_ ? object() : nullptr; }
  void drop() {
    if (!live_) return;
    live_ = false;
    object()->~T();  // a thread's joins it when no step did
  }

 private:
  T* object() { return std::launder(reinterpret_cast<T*>(bytes_)); }
  alignas(T) unsigned char bytes_[sizeof(T)];
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
  LifoQueue<int> lq;
  PriorityQueue<int> prq{2};
  Semaphore sem1{1}, sem0{0};
  BoundedSemaphore bsem{1};
  Atomic<int> a[2];
  Barrier bar0{2};
  Barrier bar1{2, [this] { value[1] = a[1].fetch_add(1) + 1; }};
  Event ev;
  Shared<int> s[2];
  // C++ primitives. latch_left: how many count_downs the latch has left before its counter
  // would go below 0 (misuse). Taken by a step of its own: plain memory read in the code
  // before a count_down step was read where the thread's previous step left off, a hidden
  // shared access that dpor rightly cannot see (.ci/run's difftest, seed 1796661463).
  SharedMutex rw;
  Latch latch{2};
  Atomic<int> latch_left{2};
  Lock cvlock;
  CondVar cvar;
  Shared<int> cvflag;
  // What each atomic holds, set by the step that changes it: at_end invariants read it
  // without a step, so that no daemon can move after the final state was taken.
  int value[2] = {};
  std::vector<std::uint64_t> seen;  // by thread: a hash of what it observed
  // Declared after everything their threads use, so destroyed first: a daemon still running
  // then (at an at_end invariant's step) finds the objects alive.
  bool daemon[kMaxThreads] = {};       // by thread index
  Slot<Thread> handles[kMaxThreads];   // by thread index
  Slot<Timer> timers[kMaxThreads][2];  // by the index of the thread that started it
};

// What a caught Python exception is observed as.
enum Raised : std::int64_t { empty = -11, full = -12, broken_barrier = -13, value_error = -14 };

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
    if (o == 2) {
      f(w_.pq);
    } else {
      with_pyqueue(o < 2 ? o : o - 1, f);
    }
  }
  // The queues of Family::pyqueue: q, bq, lq, prq.
  template <class F>
  void with_pyqueue(int o, F&& f) {
    if (o == 0) {
      f(w_.q);
    } else if (o == 1) {
      f(w_.bq);
    } else if (o == 2) {
      f(w_.lq);
    } else {
      f(w_.prq);
    }
  }
  // f(), whose Python exception is observed, and let escape the thread when `escape`.
  template <class F>
  void raising(bool escape, F&& f) {
    try {
      f();
    } catch (const Empty&) {
      observe(Raised::empty);
      if (escape) throw;
    } catch (const Full&) {
      observe(Raised::full);
      if (escape) throw;
    } catch (const BrokenBarrierError&) {
      observe(Raised::broken_barrier);
      if (escape) throw;
    } catch (const ValueError&) {
      observe(Raised::value_error);
      if (escape) throw;
    }
  }

  void exec(const Step& s, std::size_t index) {
    const int o = s.obj;
    const int v = s.value;
    Shared<int>& flag = w_.flags[o % 3];
    auto raised = [&flag] { return flag.load() != 0; };
    Semaphore& sem = o == 0 ? w_.sem1 : o == 1 ? w_.sem0 : w_.bsem;
    Barrier& bar = o % 2 == 0 ? w_.bar0 : w_.bar1;
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
      case Code::lock_acquire_timeout: {
        const bool ok = lock(o).acquire(v);  // the int overload: a timeout, 0 never blocks
        observe(ok);
        held_[o] += ok;
        break;
      }
      case Code::lock_locked: observe(lock(o).locked()); break;
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
      case Code::sem_try_acquire: observe(sem.acquire(false)); break;
      case Code::sem_release: raising(v == 1, [&] { sem.release(); }); break;
      case Code::sem_poll: {
        int i = 0;
        while (i < v && !sem.acquire(1)) ++i;
        observe(i);
        break;
      }
      case Code::sem_release_n: raising(v < 0, [&] { sem.release(std::max(1, std::abs(v))); }); break;
      case Code::bar_wait: raising(v == 1, [&] { observe(bar.wait()); }); break;
      case Code::bar_wait_timed: raising(v < 0, [&] { observe(bar.wait(std::abs(v))); }); break;
      case Code::bar_abort: bar.abort(); break;
      case Code::bar_reset: bar.reset(); break;
      case Code::bar_query: observe(v == 1 ? bar.n_waiting() : bar.broken()); break;
      case Code::timer_start: {
        Slot<Timer>& slot = w_.timers[self_][o % 2];
        if (slot.get() != nullptr) break;  // this thread started it already
        World& w = w_;
        std::function<void()> fn;
        if (o % 2 == 0) {
          fn = [&w] { w.value[0] = w.a[0].fetch_add(1) + 1; };
        } else {
          fn = [&w] { w.ev.set(); };
        }
        slot.emplace(fmt::format("t{}.tm{}", self_, o % 2), v, std::move(fn),
                     ThreadOptions{.daemon = w_.daemon[self_]});
        break;
      }
      case Code::timer_cancel:
        if (Timer* t = w_.timers[self_][o % 2].get()) t->cancel();
        break;
      case Code::timer_probe:
        if (Timer* t = w_.timers[self_][o % 2].get()) observe(v == 1 ? t->join(0) : t->is_alive());
        break;
      case Code::q_put_timed: with_pyqueue(o, [&](auto& q) { raising(v < 0, [&] { q.put(std::abs(v), 1); }); }); break;
      case Code::q_put_nowait:
        with_pyqueue(o, [&](auto& q) { raising(v < 0, [&] { q.put_nowait(std::abs(v)); }); });
        break;
      case Code::q_get_nowait: with_pyqueue(o, [&](auto& q) { raising(v == 1, [&] { observe(q.get_nowait()); }); }); break;
      case Code::q_full: with_pyqueue(o, [&](auto& q) { observe(q.full()); }); break;
      case Code::q_qsize: with_pyqueue(o, [&](auto& q) { observe(static_cast<std::int64_t>(q.qsize())); }); break;
      case Code::q_task_done: with_pyqueue(o, [&](auto& q) { raising(v == 1, [&] { q.task_done(); }); }); break;
      case Code::q_join: with_pyqueue(o, [&](auto& q) { q.join(); }); break;
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
      case Code::a_store:
        a.store(v);
        w_.value[o % 2] = v;
        break;
      case Code::a_exchange:
        observe(a.exchange(v));
        w_.value[o % 2] = v;
        break;
      case Code::a_compare_exchange: {
        int expected = v;
        const bool ok = a.compare_exchange(expected, v + 1);
        if (ok) w_.value[o % 2] = v + 1;
        observe(ok);
        observe(expected);
        break;
      }
      case Code::a_fetch_add: {
        const int old = a.fetch_add(v);
        w_.value[o % 2] = old + v;
        observe(old);
        break;
      }
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
        at_end([&w, o, v] { check(w.value[o % 2] != v, fmt::format("at_end a{} != {}", o % 2, v)); });
        break;
      }
      case Code::spawn: {
        World& w = w_;
        const int k = o;
        w.daemon[k] = v == 1 || w.daemon[self_];  // a daemon's threads are daemons, as in Python
        w.handles[k].emplace(fmt::format("t{}", k), [&w, k] { thread_body(w, k); },
                             ThreadOptions{.daemon = w.daemon[k]});
        break;
      }
      case Code::join:
        if (Thread* h = w_.handles[o].get()) h->join();
        break;
      case Code::is_alive:
        if (Thread* h = w_.handles[o].get()) observe(h->is_alive());
        break;
      case Code::join_timed:
        if (Thread* h = w_.handles[o].get()) observe(h->join(v));
        break;
      case Code::join_poll:
        if (Thread* h = w_.handles[o].get()) {
          int i = 0;
          while (i < v && !h->join(1)) ++i;
          observe(i);
        }
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
        if (w_.latch_left.fetch_sub(1) > 0) w_.latch.count_down();
        break;
      case Code::latch_try_wait: observe(w_.latch.try_wait()); break;
      case Code::latch_wait: w_.latch.wait(); break;
      case Code::latch_arrive_and_wait:
        if (w_.latch_left.fetch_sub(1) > 0) w_.latch.arrive_and_wait();
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
      case Code::a_fetch_sub: {
        const int old = a.fetch_sub(v);
        w_.value[o % 2] = old - v;
        observe(old);
        break;
      }
      case Code::a_fetch_or: {
        const int old = a.fetch_or(v);
        w_.value[o % 2] = old | v;
        observe(old);
        break;
      }
      case Code::a_fetch_xor: {
        const int old = a.fetch_xor(v);
        w_.value[o % 2] = old ^ v;
        observe(old);
        break;
      }
      case Code::a_cas_weak: {
        int expected = v;
        const bool ok = a.compare_exchange_weak(expected, v + 1);
        if (ok) w_.value[o % 2] = v + 1;
        observe(ok);
        observe(expected);
        break;
      }
      case Code::atomic_block:
        atomically([&] {
          observe(a.load());
          a.store(v);
        });
        w_.value[o % 2] = v;
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
  // A thread asked is_alive() by another thread than its parent is kept too: that thread may
  // still ask after main dropped the handles of the threads before it.
  std::vector<bool> named(current->threads.size(), false);
  for (std::size_t t = 0; t < current->threads.size(); ++t) {
    for (const Step& s : current->threads[t]) {
      if (s.code == Code::join || s.code == Code::join_timed || s.code == Code::join_poll ||
          (s.code == Code::is_alive && spawn_site(*current, s.obj).parent != static_cast<int>(t))) {
        named[s.obj] = true;
      }
    }
  }
  // Daemons are not waited for: their handles go with the World, without a step, and a
  // daemon may still ask its own children is_alive() until then.
  for (std::size_t k = 0; k < current->threads.size(); ++k) {
    if (w.daemon[k]) continue;
    if (!named[k]) {
      w.handles[k].drop();
    } else if (Thread* h = w.handles[k].get()) {
      h->join();
    }
  }
  // Every non-daemon thread has finished, so every timer one of them starts is started.
  for (std::size_t t = 0; t < current->threads.size(); ++t) {
    if (w.daemon[t]) continue;
    for (Slot<Timer>& timer : w.timers[t]) {
      if (Timer* tm = timer.get()) tm->join();
    }
  }
  // Every step first, then what the threads observed: a daemon may still run at each step.
  std::string out = fmt::format(" a={},{} s={},{} flags={},{},{}", w.a[0].load(), w.a[1].load(), w.s[0].load(),
                                w.s[1].load(), w.flags[0].load(), w.flags[1].load(), w.flags[2].load());
  out += fmt::format(" sizes={},{},{},{},{} ev={}", w.q.size(), w.bq.size(), w.pq.size(), w.lq.size(), w.prq.size(),
                     w.ev.is_set());
  out += fmt::format(" cvflag={} latch={}", w.cvflag.load(), std::max(0, w.latch_left.load()));
  std::string seen = "seen";
  for (std::uint64_t x : w.seen) seen += fmt::format(" {}", x);
  state = seen + out;
}

const detail::ModelInfo model{"difftest/program", "a generated program", std::nullopt, &body,
                              std::source_location::current()};

}  // namespace

const detail::ModelInfo& program_model() { return model; }
void set_program(const Program& p) { current = &p; }
const std::string& final_state() { return state; }
void clear_final_state() { state.clear(); }

}  // namespace lockstep::difftest
