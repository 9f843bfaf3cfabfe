"""time, as a script that lockstep explores sees it: sleep() is lockstep's sleep, a step
after which any other thread may run first (a model checker does not wait); every other name
is the real time module's.
"""
import time as _real

from lockstep import _engine

globals().update({name: value for name, value in vars(_real).items() if not name.startswith('_')})


def sleep(secs):
    _engine.sleep(secs)
