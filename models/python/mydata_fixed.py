# The MyData seed, corrected: put() waits while the slot is full and get() while it is empty,
# each in a loop around cv.wait() (no timeout), so every value is read exactly once, in
# order. Three values, so that every execution ends and exploration is complete.
from threading import *

ITEMS = 3

class MyData:
    def __init__(self):
        self.data = 0
        self.full = False
        self.cv = Condition()

    def put(self, d):
        with self.cv:
            while self.full:
                self.cv.wait()
            self.data = d
            self.full = True
            self.cv.notify()

    def get(self):
        with self.cv:
            while not self.full:
                self.cv.wait()
            x = self.data
            self.full = False
            self.cv.notify()
            return x

def producer(data):
    for i in range(1, ITEMS + 1):
        data.put(i)

def consumer(data):
    for expected in range(1, ITEMS + 1):
        x = data.get()
        assert x == expected, f'consumer got {x}, but the next value put was {expected}'

data = MyData()
t1 = Thread(target=lambda: producer(data))
t2 = Thread(target=lambda: consumer(data))

t1.start()
t2.start()

t1.join()
t2.join()
