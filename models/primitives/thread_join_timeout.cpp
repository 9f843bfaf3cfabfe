// Thread.join(timeout) returns when the timeout passes, finished or not (CPython returns
// None either way). Reading the worker's result right after it, as if the join had
// waited, finds it missing when the timeout passed first; asking is_alive() first does not.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

LOCKSTEP_MODEL("primitives/join-timeout-unchecked", "t.join(timeout=5) taken for a finished join: the result is missing",
               expect::assertion) {
  Shared<int> result{0};
  result.name("result");
  Thread worker("worker", [&] {
    sleep(1);  // a slow worker: the join's timeout can pass before it is done
    result.store(42);
  });
  worker.join(5);
  check(result.load() == 42, "the worker's result is there");
}

LOCKSTEP_MODEL("primitives/join-timeout-checked", "t.join(timeout=5), then is_alive() before reading the result") {
  Shared<int> result{0};
  result.name("result");
  Thread worker("worker", [&] {
    sleep(1);
    result.store(42);
  });
  worker.join(5);
  if (!worker.is_alive()) {
    check(result.load() == 42, "a finished worker's result is there");
  } else {
    worker.join();
    check(result.load() == 42, "the result is there once the worker finished");
  }
}
