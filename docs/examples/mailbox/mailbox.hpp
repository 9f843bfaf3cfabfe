// A one-slot mailbox between threads, written against lockstep's primitives (the way the
// Python original uses threading.Condition), so lockstep can explore every interleaving.
#pragma once

#include <lockstep/lockstep.hpp>

class Mailbox {
 public:
  Mailbox();
  // Waits while the mailbox is full, then leaves `value` in it.
  void put(int value);
  // Waits while it is empty, then takes the value.
  int get();
  // The bug this example finds: `if` where get() has `while`, so a consumer woken after
  // another one took the value goes on with an empty mailbox.
  int get_checking_once();

 private:
  int take();  // with cv_ held

  lockstep::Condition cv_;
  lockstep::Shared<bool> full_{false};
  lockstep::Shared<int> value_{0};
};
