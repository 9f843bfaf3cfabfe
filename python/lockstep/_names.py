"""Names for the script's objects in traces: the variable a new object is stored in.

`cond = threading.Condition()` shows as `cond` in traces, `self.cv = Condition()` as `cv`,
as a C++ model names its objects by hand. Read from the bytecode right after the call that
is making the object; cached per call site.
"""
import dis
import os
import sys

_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep
_STORES = {'STORE_NAME', 'STORE_FAST', 'STORE_GLOBAL', 'STORE_DEREF'}
_LOADS = {'LOAD_NAME', 'LOAD_FAST', 'LOAD_GLOBAL', 'LOAD_DEREF'}
_cache = {}


def assigned_name():
    """The name the script's innermost frame stores the value of its current call in, or None."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
    if frame is None:
        return None
    key = (frame.f_code, frame.f_lasti)
    try:
        return _cache[key]
    except KeyError:
        pass
    following = [i for i in dis.get_instructions(frame.f_code) if i.offset > frame.f_lasti][:2]
    name = None
    if following and following[0].opname in _STORES:
        name = following[0].argval
    elif len(following) == 2 and following[0].opname in _LOADS and following[1].opname == 'STORE_ATTR':
        name = following[1].argval
    _cache[key] = name
    return name
