# The condition seed's process variant, corrected: multiprocessing.Queue.empty() can be True
# after put() returned (its feeder delivers later), so it cannot tell a consumer whether to
# wait. Each consumer blocks in q.get() instead, and the producer puts one item per
# consumer. Passes under every interleaving.
import multiprocessing


def consumer(q: multiprocessing.Queue):
    item = q.get()


def producer(q: multiprocessing.Queue):
    q.put('an item')
    q.put('another item')


if __name__ == '__main__':
    q = multiprocessing.Queue()

    c1 = multiprocessing.Process(target=consumer, name='c1', args=(q,))
    c2 = multiprocessing.Process(target=consumer, name='c2', args=(q,))
    p = multiprocessing.Process(target=producer, name='producer', args=(q,))

    c1.start()
    c2.start()
    p.start()

    c1.join()
    c2.join()
    p.join()
