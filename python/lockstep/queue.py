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


class SimpleQueue(_engine.Queue):
    """queue.SimpleQueue: an unbounded FIFO Queue (its put never blocks)."""

    def __init__(self):
        super().__init__(0)


def __getattr__(name):
    raise AttributeError(f'lockstep does not model queue.{name} (docs/python.md lists what it replaces)')
