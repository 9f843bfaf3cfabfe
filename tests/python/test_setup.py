"""`python3 -m lockstep` at the repository root, as the README runs it: no PYTHONPATH, the
top-level lockstep/ hands over to the package built in build/python."""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import REPO

BUILT_IN_BUILD = os.environ.get('PYTHONPATH', '').split(os.pathsep)[0] == os.path.join(REPO, 'build', 'python')


def without_pythonpath(*args, cwd=REPO):
    env = {k: v for k, v in os.environ.items() if k != 'PYTHONPATH'}
    return subprocess.run([sys.executable, '-m', 'lockstep', *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.skipif(not BUILT_IN_BUILD, reason="the README's build directory is build/, this test build is elsewhere")
def test_the_condition_seed_from_the_repository_root_without_pythonpath():
    out = without_pythonpath('run', 'models/python/condition_threads.py')
    assert out.returncode == 0, out.stdout + out.stderr
    assert 'deadlock (as expected)' in out.stdout
    assert '#12  producer  cond.notify(2) wakes 2 waiter(s)                models/python/condition_threads.py:20' \
        in out.stdout
    replay = [line for line in out.stdout.splitlines() if line.startswith('python3 -m lockstep replay ')]
    assert len(replay) == 1, out.stdout
    again = without_pythonpath(*replay[0].split()[3:], '--trace')
    assert again.returncode == 0, again.stdout + again.stderr
    assert 'deadlock (as expected)' in again.stdout and 'cond.notify(2) wakes 2 waiter(s)' in again.stdout


def test_a_checkout_without_a_build_says_how_to_build_it(tmp_path):
    shutil.copytree(os.path.join(REPO, 'lockstep'), tmp_path / 'lockstep')
    out = without_pythonpath('run', 'x.py', cwd=tmp_path)
    assert out.returncode == 1
    assert 'the Python front door is not built yet' in out.stderr
    assert 'cmake --build build --target lockstep_python_engine' in out.stderr
