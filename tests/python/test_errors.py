"""How the front door reports what goes wrong: exceptions in the script (exit 1), bad input
(exit 2), bounds (exit 3), a script that behaves differently on replay."""
from conftest import lockstep


def test_an_exception_in_a_thread_is_a_failure_at_its_line(explore):
    out = explore('''
        import threading

        def work():
            raise ValueError('boom')

        threading.Thread(target=work, name='worker').start()
    ''')
    assert out.status == 1, out.stdout
    assert out.failure['kind'] == 'uncaught_exception'
    assert out.failure['message'] == 'ValueError in thread worker: boom'
    assert 'ValueError in thread worker: boom   ' in out.stdout and 'script.py:5' in out.stdout


def test_a_script_that_raises_at_top_level_fails_in_main(explore):
    out = explore('''
        import threading
        lock = threading.Lock()
        with lock:
            {}['missing']
    ''')
    assert out.status == 1, out.stdout
    assert out.failure['kind'] == 'uncaught_exception'
    assert out.failure['message'] == "KeyError in thread main: 'missing'"
    assert 'script.py:5' in out.stdout


def test_a_syntax_error_is_bad_input(tmp_path):
    script = tmp_path / 'broken.py'
    script.write_text('import threading\ndef f(:\n')
    out = lockstep('run', str(script))
    assert out.returncode == 2
    assert out.stderr.startswith(f'lockstep: {script}:2: SyntaxError: ')
    assert out.stdout == ''


def test_a_missing_script_is_bad_input():
    out = lockstep('run', 'models/python/no_such_script.py')
    assert out.returncode == 2
    assert out.stderr == 'lockstep: no such script: models/python/no_such_script.py\n'


def test_a_malformed_token_is_refused():
    out = lockstep('replay', 'models/python/condition_threads.py', 'not-a-token!')
    assert out.returncode == 2 and out.stderr.startswith('lockstep: '), out.stderr


def test_a_token_of_another_script_is_refused(explore):
    token = explore('models/python/condition_threads.py').failure['token']
    out = lockstep('replay', 'models/python/mydata.py', token)
    assert out.returncode == 2
    assert 'this replay token is for model models/python/condition_threads.py' in out.stderr


def test_max_steps_cuts_an_endless_script_without_failing_it(explore):
    out = explore('''
        import threading
        lock = threading.Lock()

        def spin():
            while True:
                with lock:
                    pass

        threading.Thread(target=spin).start()
        threading.Thread(target=spin).start()
    ''', '--max-steps', '30', '--max-executions', '50')
    assert out.status == 3, out.stdout
    assert out.report['verdict'] == 'incomplete' and out.report['failure'] is None
    assert 'INCOMPLETE' in out.stdout


def test_a_script_that_behaves_differently_is_nondeterministic(explore):
    out = explore('''
        import builtins, threading
        builtins.lockstep_runs = getattr(builtins, 'lockstep_runs', 0) + 1
        lock = threading.Lock()

        def work():
            if builtins.lockstep_runs % 2:
                with lock:
                    pass

        threading.Thread(target=work).start()
        threading.Thread(target=work).start()
    ''', '--strategy', 'dfs')
    assert out.status == 1, out.stdout
    assert out.failure['kind'] == 'nondeterministic_model'


def test_unmodeled_names_say_so(explore):
    out = explore('''
        import threading
        threading.local()
    ''')
    assert out.status == 1
    assert 'lockstep does not model threading.local' in out.failure['message']


def test_junit_and_json_reports(tmp_path):
    junit = tmp_path / 'out.xml'
    out = lockstep('run', 'models/python/condition_threads.py', 'models/python/mydata_fixed.py', '--quiet',
                   '--junit', str(junit))
    assert out.returncode == 0, out.stdout
    text = junit.read_text()
    assert 'models/python/condition_threads.py' in text and 'models/python/mydata_fixed.py' in text


def test_a_stack_overflow_in_a_thread_is_reported_and_exploration_goes_on_safely(explore):
    out = explore('''
        import threading

        class Node:
            def __init__(self, n):
                self.child = Node(n - 1) if n else None

        t = threading.Thread(target=Node, args=(100000,), name='deep')
        t.start()
        t.join()
    ''')
    assert out.status == 1, out.stdout + out.stderr
    assert out.failure['kind'] in ('stack_overflow', 'uncaught_exception')  # RecursionError first, or not
    assert 'deep' in out.failure['message']


def test_daemon_threads_are_not_waited_for(explore):
    out = explore('''
        import threading
        e = threading.Event()
        threading.Thread(target=e.wait, daemon=True, name='forever').start()
    ''')
    assert out.status == 0 and out.report['verdict'] == 'pass', out.stdout


def test_an_object_kept_from_an_earlier_execution_is_refused(explore):
    out = explore('''
        import builtins, threading
        if not hasattr(builtins, 'kept_lock'):
            builtins.kept_lock = threading.Lock()   # outlives the execution that made it
        m = threading.Lock()
        workers = [threading.Thread(target=lambda: m.acquire() and m.release()) for _ in range(2)]
        for t in workers: t.start()
        for t in workers: t.join()
        with builtins.kept_lock:
            pass
    ''')
    assert out.status == 1, out.stdout
    assert out.failure['kind'] == 'uncaught_exception'
    assert 'made in an earlier execution' in out.failure['message']
