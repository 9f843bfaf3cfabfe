// queue.Full: a producer that hands items to a bounded queue with put_nowait() assumes a
// consumer keeps up; when it does not, put_nowait raises queue.Full and the producer dies.
// The corrected producer catches Full and falls back to a blocking put().
#include <lockstep/lockstep.hpp>

using namespace lockstep;

namespace {
void producer_model(bool fixed) {
  const int items = param("items", 3);
  Queue<int> q(1);
  q.name("q");
  int got = 0;
  Thread consumer("consumer", [&] {
    for (int i = 1; i <= items; ++i) got += q.get() == i;
  });
  Thread producer("producer", [&] {
    for (int i = 1; i <= items; ++i) {
      if (!fixed) {
        q.put_nowait(i);
        continue;
      }
      try {
        q.put_nowait(i);
      } catch (const Full&) {
        q.put(i);  // wait for room instead
      }
    }
  });
  consumer.join();
  producer.join();
  check(got == items, "the consumer got every item in order");
}
}  // namespace

LOCKSTEP_MODEL("primitives/queue-put-nowait-full", "put_nowait() into a full bounded queue raises queue.Full",
               expect::uncaught_exception) {
  producer_model(false);
}

LOCKSTEP_MODEL("primitives/queue-put-nowait-fallback", "put_nowait() with a blocking put() when queue.Full") {
  producer_model(true);
}
