# threading.Barrier in a phased computation (models/primitives/barrier.cpp): each party writes
# its slot, waits, reads its neighbour's slot. With one wait per phase a fast party laps the
# barrier and writes the next phase's slot before its neighbour has read this one.
# (The C++ model reports the data race; here the neighbour reads a value from the wrong phase.)
# lockstep: expect assertion
import threading

PHASES = 2
barrier = threading.Barrier(2)
slot = [0, 0]


def party(me):
    for phase in range(1, PHASES + 1):
        slot[me] = phase * 10 + me
        barrier.wait()
        assert slot[1 - me] == phase * 10 + (1 - me), "the neighbour's slot holds this phase's value"


a = threading.Thread(target=party, args=(0,), name='a')
b = threading.Thread(target=party, args=(1,), name='b')
a.start()
b.start()
