# The hand-off of models/bench/python_twin.cpp as a Python script, for
# tests/bench/python_vs_cpp.py (HANDOFF_ITEMS sets the items, as --param items does there).
import os
import threading

ITEMS = int(os.environ.get('HANDOFF_ITEMS', '3'))

cv = threading.Condition()
data = 0
full = False
seen = 0


def producer():
    global data, full
    for i in range(1, ITEMS + 1):
        with cv:
            cv.wait_for(lambda: not full)
            data = i
            full = True
            cv.notify()


def consumer():
    global full, seen
    for i in range(1, ITEMS + 1):
        with cv:
            cv.wait_for(lambda: full)
            if data == i:
                seen += 1
            full = False
            cv.notify()


p = threading.Thread(target=producer, name='producer')
c = threading.Thread(target=consumer, name='consumer')
p.start()
c.start()
p.join()
c.join()
assert seen == ITEMS, 'consumer saw every value once, in order'
