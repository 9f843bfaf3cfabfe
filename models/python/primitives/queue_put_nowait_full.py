# put_nowait() into a bounded queue assumes the consumer keeps up
# (models/primitives/queue_full.cpp); when it does not, queue.Full kills the producer.
# lockstep: expect uncaught exception
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
        q.put_nowait(i)


consumer = threading.Thread(target=consume, name='consumer')
producer = threading.Thread(target=produce, name='producer')
consumer.start()
producer.start()
consumer.join()
producer.join()
assert got[0] == ITEMS, 'the consumer got every item in order'
