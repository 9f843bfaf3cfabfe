# A stop sentinel put behind the work (models/primitives/queue_sentinel.cpp): a LifoQueue
# serves the newest item first, the sentinel; the worker stops early and work is lost.
# lockstep: expect assertion
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
q.put(STOP)
worker.join()
assert done[0] == 2, 'the worker did both work items before it stopped'
