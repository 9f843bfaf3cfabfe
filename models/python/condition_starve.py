# Bug 4 of the condition seed: even with the fetch moved after the loop, one item for two
# consumers starves one of them forever, and the program never exits.
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
        cond.notify(2)


cond = threading.Condition()
q = queue.SimpleQueue()
threading.Thread(target=consumer, name='c1', args=(cond, q)).start()
threading.Thread(target=consumer, name='c2', args=(cond, q)).start()
threading.Thread(target=producer, name='producer', args=(cond, q)).start()
