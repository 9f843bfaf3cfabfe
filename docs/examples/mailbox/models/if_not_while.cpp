// Two consumers with `if` instead of `while` around the wait: one of them can be woken after
// the other took the value, and takes from an empty mailbox.
#include "mailbox.hpp"

using namespace lockstep;

LOCKSTEP_MODEL("mailbox/if-not-while", "two consumers re-check nothing after waking up", expect::assertion) {
  Mailbox box;
  Thread c1("c1", [&] { box.get_checking_once(); });
  Thread c2("c2", [&] { box.get_checking_once(); });
  Thread producer("producer", [&] {
    box.put(1);
    box.put(2);
  });
  c1.join();
  c2.join();
  producer.join();
}
