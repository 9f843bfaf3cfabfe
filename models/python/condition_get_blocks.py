# Bug 3 of the condition seed, cut down so that it is the failure found: notify(2) wakes both
# consumers; the second calls q.get() on the empty queue and blocks there HOLDING the
# condition's lock. (`if` instead of `while` keeps the first from waiting forever, bug 2.)
# lockstep: expect deadlock
import queue
import threading


def consumer(cond, q):
    with cond:
        if q.empty():
            cond.wait()
            item = q.get()


def producer(cond, q):
    with cond:
        q.put(1)
        cond.notify(2)


cond = threading.Condition()
q = queue.SimpleQueue()
threading.Thread(target=consumer, name='c1', args=(cond, q)).start()
threading.Thread(target=consumer, name='c2', args=(cond, q)).start()
threading.Thread(target=producer, name='producer', args=(cond, q)).start()
