#!/usr/bin/env python3
"""The cost of a step of a Python script against the same step of a C++ model, in one run:
the hand-off explored by dfs as the C++ model bench/handoff-python-twin (through the lockstep
program) and as tests/bench/handoff.py (through python3 -m lockstep), the same executions of
the same steps. Prints steps per second of each and the ratio (docs/performance.md).

usage: PYTHONPATH=build/python python3 tests/bench/python_vs_cpp.py build/lockstep [ITEMS] [ROUNDS]
"""
import json
import os
import subprocess
import sys
import tempfile

from lockstep._script import Script

HERE = os.path.dirname(os.path.abspath(__file__))


def cpp(binary, items, executions):
    with tempfile.NamedTemporaryFile(suffix='.json') as out:
        subprocess.run([binary, 'run', 'bench/handoff-python-twin', '--strategy', 'dfs', '--param', f'items={items}',
                        '--max-executions', str(executions), '--quiet', '--json', out.name],
                       stdout=subprocess.DEVNULL, check=False)  # 3: bounded
        r = json.load(open(out.name))[0]
    return r['executions'], r['steps'], r['elapsed_s']


def python(items, executions):
    os.environ['HANDOFF_ITEMS'] = str(items)
    r = Script(os.path.join(HERE, 'handoff.py')).explore(strategy='dfs', max_executions=executions)
    if r.kind is not None:
        raise SystemExit(f'handoff.py failed: {r.message}')
    return r.executions, r.steps, r.elapsed_s


def main():
    binary = sys.argv[1]
    items = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    # The first executions of the same dfs order: the twins must match step for step over
    # the Python run's; the C++ run goes on 10 times longer, to last long enough to time.
    executions = 5000
    best_cpp = best_py = 0.0
    for _ in range(rounds):
        pe, ps, pt = python(items, executions)
        ce, cs, ct = cpp(binary, items, executions)
        if (ce, cs) != (pe, ps):
            raise SystemExit(f'the twins differ: C++ {ce} executions, {cs} steps; Python {pe}, {ps}')
        ce, cs, ct = cpp(binary, items, 10 * executions)
        best_cpp = max(best_cpp, cs / ct)
        best_py = max(best_py, ps / pt)
    print(f'hand-off, items={items}, dfs: the same {executions} executions of {ps // pe} steps each, '
          f'C++ timed over {ce}')
    print(f'C++ model:     {best_cpp:14,.0f} steps/s  {1e9 / best_cpp:8.1f} ns/step')
    print(f'Python script: {best_py:14,.0f} steps/s  {1e9 / best_py:8.1f} ns/step')
    print(f'ratio: a Python step costs {best_cpp / best_py:.1f}x a C++ step (target <= 25x)')


if __name__ == '__main__':
    main()
