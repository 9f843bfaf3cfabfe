"""multiprocessing, as a script that lockstep explores sees it.

A Process is a lockstep model thread. Its arguments are copied when it starts (a pickle
round trip, as a spawned process receives them) except lockstep's own objects, which the
processes share as real ones share a Queue or a Condition. Queue is lockstep's ProcessQueue
(a feeder delivers each put item later, so empty() can be True after put() returned) and
Condition its ProcessCondition (CPython's semaphore-based one); Lock, RLock, Event,
Semaphore, BoundedSemaphore and Barrier are the threading ones.
"""
import io as _io
import os as _os
import pickle as _pickle

from lockstep import _engine, _names, _report
from lockstep import threading as _threading

Lock = _engine.Lock
RLock = _engine.RLock
Event = _engine.Event
Semaphore = _engine.Semaphore
BoundedSemaphore = _engine.BoundedSemaphore
Barrier = _engine.Barrier
Condition = _engine.ProcessCondition


class Queue(_engine.ProcessQueue):
    """multiprocessing.Queue: lockstep's ProcessQueue; close() and the feeder joins do nothing."""

    def close(self):
        pass

    def join_thread(self):
        pass

    def cancel_join_thread(self):
        pass


__all__ = ['Process', 'Lock', 'RLock', 'Event', 'Semaphore', 'BoundedSemaphore', 'Barrier', 'Condition', 'Queue',
           'current_process', 'active_children', 'cpu_count']

_SHARED = (_engine.Lock, _engine.RLock, _engine.Event, _engine.Semaphore, _engine.BoundedSemaphore,
           _engine.Barrier, _engine.Condition, _engine.ProcessCondition, _engine.Queue, _engine.LifoQueue,
           _engine.PriorityQueue, _engine.ProcessQueue, _threading.Thread)


def _copied(value):
    """`value` as a new process receives it: copied, lockstep's objects shared."""
    kept = []

    def persistent_id(obj):
        if isinstance(obj, _SHARED):
            kept.append(obj)
            return len(kept) - 1
        return None

    buffer = _io.BytesIO()
    pickler = _pickle.Pickler(buffer, _pickle.HIGHEST_PROTOCOL)
    pickler.persistent_id = persistent_id
    try:
        pickler.dump(value)
    except (_pickle.PicklingError, TypeError, AttributeError):
        return value  # not picklable (a lambda): shared, as a forked process would see it unchanged
    buffer.seek(0)
    unpickler = _pickle.Unpickler(buffer)
    unpickler.persistent_load = kept.__getitem__
    return unpickler.load()


class Process(_threading.Thread):
    """multiprocessing.Process on a lockstep model thread."""

    def __init__(self, group=None, target=None, name=None, args=(), kwargs={}, *, daemon=None):
        assert group is None, 'group argument must be None for now'
        _threading._state.counter += 1
        if name is None:
            name = f'Process-{_threading._state.counter}'
            trace_name = _names.assigned_name() or name
        else:
            trace_name = name = str(name)
        super().__init__(target=target, name=name, args=args, kwargs=kwargs, daemon=bool(daemon))
        self._trace_name = trace_name

    def start(self):
        self._args = _copied(self._args)
        self._kwargs = _copied(self._kwargs)
        super().start()

    @property
    def pid(self):
        return self.ident

    @property
    def exitcode(self):
        if self._id is None or self._alive():
            return None
        return 0

    def terminate(self):
        raise NotImplementedError('lockstep does not model Process.terminate()')

    kill = terminate

    def close(self):
        pass


def current_process():
    me = _threading.current_thread()
    if isinstance(me, Process):
        return me
    return _MainProcess


class _MainProcessType:
    name = 'MainProcess'
    daemon = False
    pid = 1
    ident = 1
    exitcode = None

    def is_alive(self):
        return True


_MainProcess = _MainProcessType()


def active_children():
    return [t for t in _threading._state.threads.values() if isinstance(t, Process) and t._alive()]


def cpu_count():
    return _os.cpu_count() or 1


def __getattr__(name):
    raise AttributeError(f'lockstep does not model multiprocessing.{name} (docs/python.md lists what it replaces)')
