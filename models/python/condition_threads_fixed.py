# The condition seed's thread variant, corrected: each consumer fetches its item after the
# wait loop (not inside it), and the producer puts one item per consumer, so no consumer
# waits for an item that was already taken. Passes under every interleaving.
import queue
import threading


def consumer(cond: threading.Condition, q: queue.SimpleQueue):
    with cond:
        while q.empty():
            cond.wait()
        item = q.get()


def producer(cond: threading.Condition, q: queue.SimpleQueue):
    with cond:
        q.put('an item')
        q.put('another item')
        cond.notify(2)


cond = threading.Condition()
q = queue.SimpleQueue()

c1 = threading.Thread(target=consumer, name='c1', args=(cond, q))
c2 = threading.Thread(target=consumer, name='c2', args=(cond, q))
p = threading.Thread(target=producer, name='producer', args=(cond, q))

c1.start()
c2.start()
p.start()
