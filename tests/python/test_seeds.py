"""The seed programs as Python files (models/python/): each bug found with the right kind and
threads and a token that replays it; each corrected version passes with exploration complete."""
import os

import pytest

from conftest import MODELS, lockstep


def model(name):
    return os.path.join('models', 'python', name)


def test_condition_threads_deadlocks_with_a_consumer_holding_the_lock(explore):
    out = explore(model('condition_threads.py'))
    assert out.status == 0, out.stdout  # the expected failure
    assert out.report['expected'] == 'deadlock' and out.report['as_expected']
    assert out.failure['kind'] == 'deadlock'
    assert {'c1', 'c2', 'producer'} <= out.trace_threads()
    ops = [step['op'] for step in out.failure['trace']]
    assert 'cond.notify(2) wakes 2 waiter(s)' in ops
    # Every step names a line of the script itself.
    assert all(step['location'].startswith('models/python/condition_threads.py:') for step in out.failure['trace'])
    assert 'c2        waits for an item in q (empty)   models/python/condition_threads.py:14' in out.stdout


def test_condition_processes_deadlocks_after_the_feeder_delivers_late(explore):
    out = explore(model('condition_processes.py'))
    assert out.status == 0, out.stdout
    assert out.failure['kind'] == 'deadlock' and out.report['as_expected']
    threads = out.trace_threads()
    assert {'c1', 'c2', 'producer'} <= threads
    assert any(t.endswith('q-feeder') for t in threads)  # multiprocessing.Queue's feeder thread


def test_mydata_reads_a_value_that_is_not_the_next_one_put(explore):
    out = explore(model('mydata.py'))
    assert out.status == 0, out.stdout
    assert out.failure['kind'] == 'assertion' and out.report['as_expected']
    assert 'consumer got' in out.failure['message']
    assert out.trace_threads() == {'main', 't1', 't2'}
    ops = [step['op'] for step in out.failure['trace']]
    assert 'cv.wait(timeout=0) releases lock, does not block' in ops


@pytest.mark.parametrize('name', ['condition_threads.py', 'condition_processes.py', 'mydata.py'])
def test_the_token_replays_the_failure(explore, name):
    out = explore(model(name))
    token = out.failure['token']
    replay = lockstep('replay', model(name), token, '--trace')
    assert replay.returncode == 0, replay.stdout + replay.stderr
    assert f'{out.failure["kind"].replace("_", " ")} (as expected)' in replay.stdout
    assert f'python3 -m lockstep replay {model(name)} {token}' in replay.stdout
    for step in out.failure['trace']:
        assert step['op'] in replay.stdout


@pytest.mark.parametrize('name', ['condition_threads_fixed.py', 'condition_processes_fixed.py', 'mydata_fixed.py'])
@pytest.mark.parametrize('strategy', ['dpor', 'dfs'])
def test_corrected_scripts_pass_exhaustively(explore, name, strategy):
    out = explore(model(name), '--strategy', strategy)
    assert out.status == 0, out.stdout
    assert out.report['verdict'] == 'pass' and out.report['failure'] is None
    assert out.report['executions'] > 1


def test_every_script_as_the_readme_runs_them():
    scripts = sorted(os.path.join('models', 'python', d, f) for d in ('', 'primitives')
                     for f in os.listdir(os.path.join(MODELS, d)) if f.endswith('.py'))
    out = lockstep('run', *scripts, '--quiet')
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count('\nok ') + out.stdout.startswith('ok ') == len(scripts)


# Each Python seed script and the C++ model of the same program (models/seeds/): the same
# verdict, and for the condition seeds the same threads in the failing trace.
TWINS = [
    ('condition_threads.py', 'seeds/condition', True),
    ('condition_skip.py', 'seeds/condition-skip', True),
    ('condition_wait_forever.py', 'seeds/condition-wait-forever', True),
    ('condition_get_blocks.py', 'seeds/condition-get-blocks', True),
    ('condition_starve.py', 'seeds/condition-starve', True),
    ('condition_processes.py', 'seeds/condition-process', True),
    ('condition_process_empty_lies.py', 'seeds/condition-process-empty-lies', True),
    ('condition_threads_fixed.py', 'seeds/condition-fixed', True),
    ('condition_processes_fixed.py', 'seeds/condition-process-fixed', True),
    ('mydata.py', 'seeds/mydata', False),
    ('mydata_fixed.py', 'seeds/mydata-fixed', False),
]


@pytest.mark.skipif('LOCKSTEP_CLI' not in os.environ, reason='needs the lockstep program (ctest sets LOCKSTEP_CLI)')
@pytest.mark.parametrize('script,cpp_model,same_threads', TWINS)
def test_the_same_verdict_as_the_cpp_model(explore, tmp_path, script, cpp_model, same_threads):
    import json
    import subprocess
    report = tmp_path / 'cpp.json'
    subprocess.run([os.environ['LOCKSTEP_CLI'], 'run', cpp_model, '--json', str(report), '--quiet'],
                   capture_output=True, timeout=300)
    cpp = json.loads(report.read_text())[0]
    py = explore(model(script)).report
    assert (py['verdict'], py['expected'], py['as_expected']) == (cpp['verdict'], cpp['expected'], cpp['as_expected'])
    if cpp['failure'] is not None:
        assert py['failure']['kind'] == cpp['failure']['kind']
        if same_threads:
            threads = lambda r: {s['thread'] for s in r['failure']['trace']}
            assert threads(py) == threads(cpp)


@pytest.mark.parametrize('strategy', ['random', 'pct'])
def test_the_seeded_strategies_find_the_condition_seed_and_replay_it(explore, strategy):
    out = explore(model('condition_threads.py'), '--strategy', strategy, '--seed', '7', '--max-executions', '500')
    assert out.status == 0 and out.report['strategy'] == strategy, out.stdout
    assert out.failure['kind'] == 'deadlock' and out.report['as_expected']
    replay = lockstep('replay', model('condition_threads.py'), out.failure['token'])
    assert replay.returncode == 0 and 'deadlock (as expected)' in replay.stdout, replay.stdout + replay.stderr
