// The MyData seed (docs/seeds.md), as written: put()/get() call cv.wait(timeout=0), which never
// waits, so every notify() reaches nobody. Values are overwritten before they are read or
// read twice; `sleep(1)` hides it on a real machine, not from a model checker. The
// producer puts 1..items, the consumer takes `items` values (the seed loops forever).
// The -overwrite and -read-twice models run the same MyData with a check for one bug each.
#include <algorithm>

#include <lockstep/lockstep.hpp>

using namespace lockstep;

namespace {

// class MyData, line by line.
class MyData {
 public:
  MyData() {
    data_.name("data");
    cv_.name("cv");
  }
  void put(int d) {
    auto g = cv_.lock();  // self.cv.acquire()
    cv_.wait(g, 0);       // self.cv.wait(timeout=0)
    data_.store(d);       // self.data = d
    cv_.notify();         // self.cv.notify()
    g.release();          // self.cv.release()
    sleep(1);             // sleep(1)
  }
  int get() {
    auto g = cv_.lock();   // self.cv.acquire()
    cv_.wait(g, 0);        // self.cv.wait(timeout=0)
    int x = data_.load();  // x = self.data
    cv_.notify();          // self.cv.notify()
    g.release();           // self.cv.release()
    sleep(1);              // sleep(1)
    return x;
  }

 private:
  Shared<int> data_{0};  // self.data = 0
  Condition cv_;         // self.cv = Condition()
};

enum class Bug { any, overwrite, read_twice };

void run_seed(Bug bug) {
  const int items = param("items", 2);
  MyData data;
  std::vector<int> seen;
  Thread producer("producer", [&] {
    for (int i = 1; i <= items; ++i) data.put(i);  // while True: data.put(i); i += 1
  });
  Thread consumer("consumer", [&] {
    bool skipped_before = false;
    for (int k = 1; k <= items; ++k) {  // while True: x = data.get()
      const int x = data.get();
      const int newest = seen.empty() ? 0 : *std::max_element(seen.begin(), seen.end());
      const bool skipped = x > newest + 1;  // some value between was overwritten unread
      const bool repeated = x != 0 && std::find(seen.begin(), seen.end(), x) != seen.end();
      seen.push_back(x);
      if (bug == Bug::overwrite) check(!skipped, "a value was overwritten before the consumer read it");
      // Only in runs where nothing was skipped yet, so that the trace shows this bug alone.
      if (bug == Bug::read_twice) check(skipped_before || !repeated, "the consumer read the same value twice");
      skipped_before |= skipped;
    }
  });
  producer.join();
  consumer.join();
  if (bug == Bug::any) {
    std::vector<int> want(items);
    std::iota(want.begin(), want.end(), 1);
    check(seen == want, "the consumer received 1..items, each exactly once, in order");
  }
}

}  // namespace

LOCKSTEP_MODEL("seeds/mydata", "the MyData seed as written: wait(timeout=0) loses every notify", expect::assertion) {
  run_seed(Bug::any);
}

LOCKSTEP_MODEL("seeds/mydata-overwrite", "MyData: the producer overwrites a value the consumer never read",
               expect::assertion) {
  run_seed(Bug::overwrite);
}

LOCKSTEP_MODEL("seeds/mydata-read-twice", "MyData: the consumer reads the same value twice", expect::assertion) {
  run_seed(Bug::read_twice);
}
