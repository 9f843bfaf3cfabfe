# queue_task_done_missing.py corrected: task_done() for every item, so q.join() returns.
import queue
import threading

ITEMS = 3
q = queue.Queue()
m = threading.Lock()
done = [0]


def worker():
    while True:
        item = q.get()
        if item % 2 != 0:
            with m:
                done[0] += 1
        q.task_done()


threading.Thread(target=worker, name='worker1', daemon=True).start()
threading.Thread(target=worker, name='worker2', daemon=True).start()
for i in range(1, ITEMS + 1):
    q.put(i)
q.join()
assert done[0] == (ITEMS + 1) // 2, 'every odd item was processed'
