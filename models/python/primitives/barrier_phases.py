# barrier_lapped.py corrected: a second barrier wait after the reads, so nobody writes the
# next phase before every party has read this one.
import threading

PHASES = 2
barrier = threading.Barrier(2)
slot = [0, 0]


def party(me):
    for phase in range(1, PHASES + 1):
        slot[me] = phase * 10 + me
        barrier.wait()
        assert slot[1 - me] == phase * 10 + (1 - me), "the neighbour's slot holds this phase's value"
        barrier.wait()


a = threading.Thread(target=party, args=(0,), name='a')
b = threading.Thread(target=party, args=(1,), name='b')
a.start()
b.start()
