"""`python3 -m lockstep` at the root of a lockstep checkout, without PYTHONPATH.

Python finds this directory first (the current directory leads sys.path); it hands the
`lockstep` package over to the one CMake assembles in build/python (the compiled
lockstep._engine beside python/lockstep/'s files): every submodule, __main__ included, is
then loaded from there. A lockstep package elsewhere on sys.path (PYTHONPATH, an installed
one) is preferred to build/python. docs/python.md, "Running a script".
"""
import glob as _glob
import importlib.machinery as _machinery
import os as _os
import sys as _sys


def _built_package():
    here = _os.path.dirname(_os.path.abspath(__file__))
    candidates = []
    for entry in _sys.path:
        package = _os.path.join(_os.path.abspath(entry or _os.curdir), 'lockstep')
        if package != here and package not in candidates:
            candidates.append(package)
    default = _os.path.join(_os.path.dirname(here), 'build', 'python', 'lockstep')
    if default not in candidates:
        candidates.append(default)
    built_for_another = []
    for package in candidates:
        if not _os.path.isfile(_os.path.join(package, '__main__.py')):
            continue
        if any(_os.path.isfile(_os.path.join(package, '_engine' + suffix)) for suffix in _machinery.EXTENSION_SUFFIXES):
            return package
        built_for_another += _glob.glob(_os.path.join(package, '_engine.*'))
    if built_for_another:
        raise ImportError(f'lockstep: {built_for_another[0]} was built for another Python than this one '
                          f'({_sys.executable}, {_sys.version.split()[0]}): run it with the python3 CMake found '
                          '(/usr/bin/python3), or configure with -DPython3_EXECUTABLE=' + _sys.executable)
    raise ImportError('lockstep: the Python front door is not built yet; at the repository root run '
                      '`cmake -S . -B build -G Ninja && cmake --build build --target lockstep_python_engine` (README)')


__path__[:] = [_built_package()]
