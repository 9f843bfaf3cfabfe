// The MyData seed (docs/seeds.md), corrected: a `full` flag says whose turn it is, and put()/get()
// wait for it with cv.wait_for (a loop around a blocking wait) instead of wait(timeout=0).
// Proven under every interleaving: the consumer receives 1..items, each once, in order.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

namespace {

class MyData {
 public:
  MyData() {
    data_.name("data");
    full_.name("full");
    cv_.name("cv");
  }
  void put(int d) {
    auto g = cv_.lock();
    cv_.wait_for(g, [&] { return !full_.load(); });  // wait until the last value was read
    data_.store(d);
    full_.store(true);
    cv_.notify();
    g.release();
    sleep(1);
  }
  int get() {
    auto g = cv_.lock();
    cv_.wait_for(g, [&] { return full_.load(); });  // wait until a value was put
    int x = data_.load();
    full_.store(false);
    cv_.notify();
    g.release();
    sleep(1);
    return x;
  }

 private:
  Shared<int> data_{0};
  Shared<bool> full_{false};
  Condition cv_;
};

}  // namespace

LOCKSTEP_MODEL("seeds/mydata-fixed", "MyData corrected: a full flag and wait_for loops instead of wait(timeout=0)") {
  const int items = param("items", 3);
  MyData data;
  std::vector<int> seen;
  Thread producer("producer", [&] {
    for (int i = 1; i <= items; ++i) data.put(i);
  });
  Thread consumer("consumer", [&] {
    for (int k = 1; k <= items; ++k) seen.push_back(data.get());
  });
  producer.join();
  consumer.join();
  std::vector<int> want(items);
  std::iota(want.begin(), want.end(), 1);
  check(seen == want, "the consumer received 1..items, each exactly once, in order");
}
