# The Python documentation's worker pattern (models/primitives/queue_join.cpp): daemon workers
# loop get / work / task_done, the main thread waits with q.join(). A `continue` that skips
# task_done() for some items leaves join() waiting forever.
# lockstep: expect deadlock
import queue
import threading

ITEMS = 3
q = queue.Queue()
m = threading.Lock()
done = [0]


def worker():
    while True:
        item = q.get()
        if item % 2 == 0:
            continue  # the bug: task_done() skipped
        with m:
            done[0] += 1
        q.task_done()


threading.Thread(target=worker, name='worker1', daemon=True).start()
threading.Thread(target=worker, name='worker2', daemon=True).start()
for i in range(1, ITEMS + 1):
    q.put(i)
q.join()
assert done[0] == (ITEMS + 1) // 2, 'every odd item was processed'
