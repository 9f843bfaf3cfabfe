# t.join(timeout=5) taken for a finished join (models/primitives/thread_join_timeout.cpp): a
# slow worker may still be running, and its result is missing.
# lockstep: expect assertion
import threading
import time

result = [0]


def work():
    time.sleep(1)  # a slow worker: the join's timeout can pass before it is done
    result[0] = 42


worker = threading.Thread(target=work, name='worker')
worker.start()
worker.join(timeout=5)
assert result[0] == 42, "the worker's result is there"
