// One producer, one consumer: every value arrives once, in order.
#include "mailbox.hpp"

using namespace lockstep;

LOCKSTEP_MODEL("mailbox/handoff", "one producer, one consumer: every value once, in order") {
  const int items = param("items", 3);
  Mailbox box;
  Thread producer("producer", [&] {
    for (int i = 1; i <= items; ++i) box.put(i);
  });
  Thread consumer("consumer", [&] {
    for (int i = 1; i <= items; ++i) check(box.get() == i, "the consumer receives 1..items in order");
  });
  producer.join();
  consumer.join();
}
