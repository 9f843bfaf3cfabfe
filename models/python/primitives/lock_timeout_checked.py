# lock.acquire(timeout=5) checked (models/primitives/lock_timeout.cpp): a worker that got the
# lock updates the counter, one that timed out counts itself as skipped; never both.
import threading

m = threading.Lock()
counter = [0]
skipped = [0]


def worker():
    if m.acquire(timeout=5):
        counter[0] += 1
        m.release()
    else:
        skipped[0] += 1


a = threading.Thread(target=worker, name='a')
b = threading.Thread(target=worker, name='b')
a.start()
b.start()
a.join()
b.join()
assert not m.locked(), 'the lock is free at the end'
assert counter[0] + skipped[0] == 2, 'each worker updated or skipped, exactly once'
