# lifo_queue_sentinel_first.py corrected: q.join() waits until the work is done before
# the sentinel goes in.
import queue
import threading

STOP = 0
q = queue.LifoQueue()
done = [0]


def work():
    while True:
        item = q.get()
        q.task_done()
        if item == STOP:
            return
        done[0] += 1


worker = threading.Thread(target=work, name='worker')
worker.start()
q.put(5)
q.put(7)
q.join()
q.put(STOP)
worker.join()
assert done[0] == 2, 'the worker did both work items before it stopped'
