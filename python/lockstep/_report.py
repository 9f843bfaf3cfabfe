"""An exception the script let out of a thread, reported as the failure of the execution.

CPython only prints such an exception (and the interpreter goes on); a checker reports it:
AssertionError as an assertion, anything else as an uncaught exception, at the script's own
line that raised it.
"""
import linecache
import os

from lockstep import _engine

_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep
# Set when Ctrl-C interrupted the script: the command line then stops with status 130.
interrupted = False


def report(exc, thread):
    """Fails the running execution with `exc`, raised in `thread`; never returns."""
    global interrupted
    interrupted |= isinstance(exc, KeyboardInterrupt)
    file, line = '', 0
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if not name.startswith(_PACKAGE):
            file, line = name, tb.tb_lineno
        tb = tb.tb_next
    if isinstance(exc, SyntaxError) and exc.filename and not file:
        file, line = exc.filename, exc.lineno or 0
    text = str(exc)
    if isinstance(exc, AssertionError) and not text and file:
        text = linecache.getline(file, line).strip()
    # As CPython's traceback names it: queue.Full, threading.BrokenBarrierError, ValueError.
    kind = type(exc).__qualname__
    if type(exc).__module__ not in ('builtins', '__main__'):
        kind = f'{type(exc).__module__}.{kind}'
    message = f'{kind} in thread {thread}' + (f': {text}' if text else '')
    _engine.fail('assertion' if isinstance(exc, AssertionError) else 'uncaught_exception', message, file, line)
