"""queue, as a script that lockstep explores sees it: Queue and SimpleQueue are lockstep's
Queue (FIFO; get blocks while empty, put while a bounded queue is full), every operation a
scheduling point. get(timeout=t) may time out at any point; timeout=0 and get_nowait never
block.
"""
from lockstep import _engine

Empty = _engine.Empty
Full = _engine.Full
Queue = _engine.Queue

__all__ = ['Empty', 'Full', 'Queue', 'SimpleQueue']


class SimpleQueue(_engine.Queue):
    """queue.SimpleQueue: an unbounded Queue."""

    def __init__(self):
        super().__init__(0)


def __getattr__(name):
    raise AttributeError(f'lockstep does not model queue.{name} (docs/python.md lists what it replaces)')
