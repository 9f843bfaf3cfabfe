"""queue, as a script that lockstep explores sees it: Queue, LifoQueue, PriorityQueue and
SimpleQueue are lockstep's (get blocks while empty, put while a bounded queue is full,
task_done()/join() count unfinished tasks), every operation a scheduling point.
get(timeout=t) and put(timeout=t) may time out at any point; timeout=0, get_nowait and
put_nowait never block.
"""
from lockstep import _engine

Empty = _engine.Empty
Full = _engine.Full
Queue = _engine.Queue
LifoQueue = _engine.LifoQueue
PriorityQueue = _engine.PriorityQueue

__all__ = ['Empty', 'Full', 'Queue', 'PriorityQueue', 'LifoQueue', 'SimpleQueue']


class _Absent:
    """A Queue method SimpleQueue does not have: using it raises AttributeError, as in CPython."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        raise AttributeError(f"'SimpleQueue' object has no attribute '{self.name}'")


class SimpleQueue(_engine.Queue):
    """queue.SimpleQueue: an unbounded FIFO Queue (its put never blocks); no maxsize, full(),
    task_done() or join()."""

    def __init__(self):
        super().__init__(0)

    maxsize = _Absent()
    full = _Absent()
    task_done = _Absent()
    join = _Absent()


def __getattr__(name):
    raise AttributeError(f'lockstep does not model queue.{name} (docs/python.md lists what it replaces)')
