# The MyData seed exactly as written (shared/seeds/seed-mydata-timeout0.md), plus one assert
# in its consumer (and the counter it reads): the value it gets is the next one the producer
# put. cv.wait(timeout=0) never waits, so values are overwritten before they are read, or
# read twice. The program never ends: each execution is cut after 60 steps.
# lockstep: expect assertion
# lockstep: max-steps 60
from threading import *
from time import *

class MyData:
    def __init__(self):
        self.data=0
        self.cv = Condition()

    def put(self,d):
        self.cv.acquire()
        self.cv.wait(timeout=0)
        self.data = d
        self.cv.notify()
        self.cv.release()
        sleep(1)

    def get(self):
        self.cv.acquire()
        self.cv.wait(timeout=0)
        x = self.data
        self.cv.notify()
        self.cv.release()
        sleep(1)
        return x

def producer(data):
    i = 1
    while True:
        data.put(i)
        print('Producer:',i)
        i += 1

def consumer(data):
    expected = 1
    while True:
        x = data.get()
        assert x == expected, f'consumer got {x}, but the next value put was {expected}'
        expected += 1
        print('Consumer:',x)

data = MyData()
t1 = Thread(target=lambda:producer(data))
t2 = Thread(target=lambda:consumer(data))

t1.start()
t2.start()

t1.join()
t2.join()
