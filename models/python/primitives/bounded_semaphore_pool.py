# bounded_semaphore_over_release.py corrected: one release per acquire.
import threading

pool = threading.BoundedSemaphore(1)
in_use = [0]


def client(fails):
    with pool:
        assert in_use[0] < 1, 'at most one connection in use'
        in_use[0] += 1
        in_use[0] -= 1


a = threading.Thread(target=client, args=(True,), name='a')
b = threading.Thread(target=client, args=(False,), name='b')
a.start()
b.start()
