# Bug 1 of the condition seed, cut down so that it is the failure found: a consumer that
# finds an item already queued skips the loop, and with it the q.get() inside the loop, so
# it never takes an item. (Two items, so that a woken consumer does not also wait forever.)
# lockstep: expect assertion
import queue
import threading


def consumer(cond, q):
    took = False
    with cond:
        while q.empty():
            cond.wait()
            item = q.get()
            took = True
    assert took, 'c1 took an item'


def producer(cond, q):
    with cond:
        q.put(1)
        q.put(2)
        cond.notify()


cond = threading.Condition()
q = queue.SimpleQueue()
threading.Thread(target=consumer, name='c1', args=(cond, q)).start()
threading.Thread(target=producer, name='producer', args=(cond, q)).start()
