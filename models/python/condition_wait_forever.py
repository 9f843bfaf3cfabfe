# Bug 2 of the condition seed, cut down so that it is the failure found: a woken consumer
# takes the item, loops, sees the queue empty and waits forever.
# lockstep: expect deadlock
import queue
import threading


def consumer(cond, q):
    with cond:
        while q.empty():
            cond.wait()
            item = q.get()


def producer(cond, q):
    with cond:
        q.put(1)
        cond.notify()


cond = threading.Condition()
q = queue.SimpleQueue()
threading.Thread(target=consumer, name='c1', args=(cond, q)).start()
threading.Thread(target=producer, name='producer', args=(cond, q)).start()
