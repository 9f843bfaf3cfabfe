# A pool of connections guarded by a BoundedSemaphore(1) (models/primitives/bounded_semaphore.cpp).
# The failing client releases on its error path and again in `finally:`; the bounded
# semaphore raises ValueError("Semaphore released too many times").
# lockstep: expect uncaught exception
import threading

pool = threading.BoundedSemaphore(1)
in_use = [0]


def client(fails):
    pool.acquire()
    try:
        assert in_use[0] < 1, 'at most one connection in use'
        in_use[0] += 1
        in_use[0] -= 1
        if fails:
            pool.release()  # the bug: released on the error path ...
    finally:
        pool.release()      # ... and again here


a = threading.Thread(target=client, args=(True,), name='a')
b = threading.Thread(target=client, args=(False,), name='b')
a.start()
b.start()
