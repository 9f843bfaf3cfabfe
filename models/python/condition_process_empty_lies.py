# Bug 5 of the condition seed (process variant): multiprocessing.Queue.empty() can still be
# True after put() returned (its feeder delivers later), so with one consumer, one item and
# the fetch after the loop, the consumer can wait after the only notify, forever. The same
# script with queue.Queue passes.
# lockstep: expect deadlock
import multiprocessing


def consumer(cond, q):
    with cond:
        while q.empty():
            cond.wait()
    item = q.get()


def producer(cond, q):
    with cond:
        q.put(1)
        cond.notify()


if __name__ == '__main__':
    cond = multiprocessing.Condition()
    q = multiprocessing.Queue()
    c1 = multiprocessing.Process(target=consumer, name='c1', args=(cond, q))
    p = multiprocessing.Process(target=producer, name='producer', args=(cond, q))
    c1.start()
    p.start()
    c1.join()
    p.join()
