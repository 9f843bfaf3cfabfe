"""threading, as a script that lockstep explores sees it.

Thread runs its target on a lockstep model thread; Lock, RLock, Condition, Semaphore,
BoundedSemaphore, Event and Barrier are lockstep's primitives, so each of their operations
is a scheduling point; Timer is CPython's own Thread subclass over them. Names lockstep does
not model raise AttributeError naming the gap (docs/python.md has the table).
"""
from lockstep import _engine, _names, _report

Lock = _engine.Lock
RLock = _engine.RLock
Condition = _engine.Condition
Semaphore = _engine.Semaphore
BoundedSemaphore = _engine.BoundedSemaphore
Event = _engine.Event
Barrier = _engine.Barrier
BrokenBarrierError = _engine.BrokenBarrierError
TIMEOUT_MAX = 1e9

__all__ = ['Thread', 'Timer', 'Lock', 'RLock', 'Condition', 'Semaphore', 'BoundedSemaphore', 'Event', 'Barrier',
           'BrokenBarrierError', 'current_thread', 'currentThread', 'get_ident', 'get_native_id', 'main_thread',
           'active_count', 'activeCount', 'enumerate', 'TIMEOUT_MAX']


class _State:
    """This execution's threads by lockstep id, and the counter of default names."""

    def __init__(self):
        self.threads = {}
        self.counter = 0


_state = _State()


def _reset():
    """A new execution: no thread but the main one."""
    global _state
    _state = _State()


class Thread:
    """threading.Thread on a lockstep model thread (run() overridable, as in CPython)."""

    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None):
        assert group is None, 'group argument must be None for now'
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs or {})
        if name is None:
            _state.counter += 1
            name = f'Thread-{_state.counter}'
            if target is not None and getattr(target, '__name__', None):
                name += f' ({target.__name__})'
            # Traces call an unnamed thread by the variable it is stored in (t1), else its name.
            self._trace_name = _names.assigned_name() or name
        else:
            name = str(name)
            self._trace_name = name
        self._name = name
        self._daemonic = current_thread().daemon if daemon is None else bool(daemon)
        self._id = None

    def start(self):
        if self._id is not None:
            raise RuntimeError('threads can only be started once')
        self._id = _engine.spawn(self._trace_name, self._bootstrap, self._daemonic)
        _state.threads[self._id] = self

    def _bootstrap(self):
        try:
            self.run()
        except _engine.Abort:
            raise
        except SystemExit:
            pass
        except BaseException as e:
            _report.report(e, self._trace_name)

    def run(self):
        if self._target is not None:
            self._target(*self._args, **self._kwargs)

    def join(self, timeout=None):
        """Waits for the thread; join(timeout) is one step after which it may still be alive."""
        if self._id is None:
            raise RuntimeError('cannot join thread before it is started')
        _engine.join(self._id, timeout)

    def is_alive(self):
        """A step: whether the thread has finished depends on the schedule."""
        return self._id is not None and _engine.is_alive(self._id)

    def _alive(self):
        """is_alive() without a step, for repr() and enumerate()."""
        return self._id is not None and not _engine.finished(self._id)

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, value):
        self._name = str(value)

    @property
    def ident(self):
        return None if self._id is None else self._id + 1

    native_id = ident

    @property
    def daemon(self):
        return self._daemonic

    @daemon.setter
    def daemon(self, value):
        if self._id is not None:
            raise RuntimeError('cannot set daemon status of active thread')
        self._daemonic = bool(value)

    def isDaemon(self):
        return self._daemonic

    def setDaemon(self, value):
        self.daemon = value

    def getName(self):
        return self._name

    def setName(self, value):
        self.name = value

    def __repr__(self):
        status = 'initial' if self._id is None else ('started' if self._alive() else 'stopped')
        return f'<{type(self).__name__}({self._name}, {status})>'


class _MainThread(Thread):
    """The thread that runs the script's main code: lockstep's thread 0 (`main` in traces)."""

    def is_alive(self):
        return True

    _alive = is_alive


class Timer(Thread):
    """threading.Timer, as CPython writes it: wait on `finished` for the interval, then call
    the function unless cancel() set it first. In abstract time the wait may time out at any
    point, so the function may run before or after anything the other threads do."""

    def __init__(self, interval, function, args=None, kwargs=None):
        super().__init__()
        self.interval = interval
        self.function = function
        self.args = args if args is not None else []
        self.kwargs = kwargs if kwargs is not None else {}
        self.finished = Event()
        self.finished._lockstep_name(f'{self._trace_name}.finished')  # as a C++ Timer's event

    def cancel(self):
        """Stop the timer if it hasn't finished yet."""
        self.finished.set()

    def run(self):
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()


_main = None


def main_thread():
    global _main
    if _main is None:
        _main = _MainThread.__new__(_MainThread)
        _main._target, _main._args, _main._kwargs = None, (), {}
        _main._name = _main._trace_name = 'MainThread'
        _main._daemonic = False
        _main._id = 0
    return _main


def current_thread():
    me = _engine.current_thread()
    return _state.threads.get(me) or main_thread()


currentThread = current_thread


def get_ident():
    return max(_engine.current_thread(), 0) + 1


get_native_id = get_ident


def enumerate():
    return [main_thread()] + [t for t in _state.threads.values() if t._alive()]


def active_count():
    return len(enumerate())


activeCount = active_count


def __getattr__(name):
    raise AttributeError(f'lockstep does not model threading.{name} (docs/python.md lists what it replaces)')
