"""A script explored as a lockstep model.

The script is read and compiled once. Each execution then runs it afresh on the model's main
thread: a new `__main__` module, the script's threading, queue, multiprocessing and time
replaced by lockstep's (lockstep/threading.py...), and every module imported during the
execution (the script's own ones included) forgotten afterwards, so no state leaks from one
execution into the next. The main code ends as the interpreter does: it waits for every
non-daemon thread.
"""
import builtins
import os
import re
import sys
import tokenize
import types

from lockstep import _engine, _names, _report
from lockstep import multiprocessing as _multiprocessing
from lockstep import queue as _queue
from lockstep import threading as _threading
from lockstep import time as _time

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_REPLACED = {'threading': _threading, 'queue': _queue, 'multiprocessing': _multiprocessing, 'time': _time}
# `# lockstep: expect deadlock`: the failure the script exists to demonstrate.
_EXPECT = re.compile(r'^[ \t]*#[ \t]*lockstep:[ \t]*expect[ \t]+([A-Za-z_ ]+?)[ \t]*$', re.M)
# `# lockstep: max-steps 60`: the script never ends; cut each execution there unless the
# command line says otherwise.
_MAX_STEPS = re.compile(r'^[ \t]*#[ \t]*lockstep:[ \t]*max-steps[ \t]+([0-9]+)[ \t]*$', re.M)


class ScriptError(Exception):
    """The script cannot be explored: missing, unreadable, not Python, a bad expect line."""


class _Discard:
    """Where the script's prints go while it is explored thousands of times."""

    def write(self, text):
        return len(text)

    def flush(self):
        pass


class Script:
    def __init__(self, path):
        self.path = path
        try:
            with tokenize.open(path) as f:
                source = f.read()
        except FileNotFoundError:
            raise ScriptError(f'no such script: {path}') from None
        except (OSError, SyntaxError, UnicodeDecodeError) as e:
            raise ScriptError(f'cannot read {path}: {e}') from None
        try:
            self.code = compile(source, path, 'exec')
        except SyntaxError as e:
            raise ScriptError(f'{e.filename}:{e.lineno}: {type(e).__name__}: {e.msg}') from None
        self.expected = None
        match = _EXPECT.search(source)
        if match:
            kind = match.group(1).strip().replace(' ', '_')
            if kind not in _engine.failure_kinds():
                raise ScriptError(f'{path}: unknown failure kind in "# lockstep: expect {match.group(1)}" '
                                  f'(one of: {", ".join(_engine.failure_kinds())})')
            self.expected = kind
        match = _MAX_STEPS.search(source)
        self.max_steps = int(match.group(1)) if match and int(match.group(1)) > 0 else None

    def explore(self, **options):
        """Explores the script (options as _engine.explore takes them); a RunResult."""
        saved_modules = {name: sys.modules.get(name) for name in (*_REPLACED, '__main__')}
        saved = sys.argv, sys.path[0] if sys.path else None, sys.stdout, sys.stderr
        sys.modules.update(_REPLACED)
        sys.argv = [self.path]
        script_dir = os.path.dirname(os.path.abspath(self.path))
        if sys.path:
            sys.path[0] = script_dir
        else:
            sys.path.append(script_dir)
        self._before = set(sys.modules)
        sys.stdout = sys.stderr = _Discard()
        _engine.set_namer(_names.assigned_name)
        try:
            return _engine.explore(self._run_once, self.path, self.expected, PACKAGE_DIR, os.getcwd(), **options)
        finally:
            sys.argv, path0, sys.stdout, sys.stderr = saved
            if path0 is not None:
                sys.path[0] = path0
            for name, module in saved_modules.items():
                if module is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = module

    def _run_once(self):
        """One execution's main thread: the script's main code, then the wait for its threads."""
        if _report.interrupted:  # Ctrl-C landed while an execution was being torn down
            _engine.fail('uncaught_exception', 'interrupted (Ctrl-C)', self.path, 0)
        module = types.ModuleType('__main__')
        module.__file__ = self.path
        module.__builtins__ = builtins
        sys.modules['__main__'] = module
        _threading._reset()
        try:
            try:
                exec(self.code, module.__dict__)
            except _engine.Abort:
                raise
            except SystemExit:
                pass
            except BaseException as e:
                _report.report(e, 'main')
            _engine.wait_for_threads()
        finally:
            if len(sys.modules) != len(self._before):
                for name in [n for n in sys.modules if n not in self._before]:
                    del sys.modules[name]
