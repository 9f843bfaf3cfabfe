# queue_put_nowait_full.py corrected: on queue.Full the producer waits with a blocking put().
import queue
import threading

ITEMS = 3
q = queue.Queue(1)
got = [0]


def consume():
    for i in range(1, ITEMS + 1):
        got[0] += q.get() == i


def produce():
    for i in range(1, ITEMS + 1):
        try:
            q.put_nowait(i)
        except queue.Full:
            q.put(i)


consumer = threading.Thread(target=consume, name='consumer')
producer = threading.Thread(target=produce, name='producer')
consumer.start()
producer.start()
consumer.join()
producer.join()
assert got[0] == ITEMS, 'the consumer got every item in order'
