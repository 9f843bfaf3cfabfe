"""CPython's documented behaviour of the replaced primitives, checked on small scripts under
every interleaving, and the per-thread interpreter state each Python thread keeps."""


FIFO = '''
    import threading
    lock = threading.RLock()
    cond = threading.Condition(lock)
    ready = threading.Condition(lock)
    waiting, woken = [], []

    def waiter(name):
        with cond:
            waiting.append(name)
            ready.notify()
            cond.wait()
            woken.append(name)
            ready.notify()

    def notifier():
        with cond:
            ready.wait_for(lambda: len(waiting) == 2)
            cond.notify()
            ready.wait_for(lambda: len(woken) == 1)
            assert woken[0] == waiting[{first}], (waiting, woken)
            cond.notify()

    for t in [threading.Thread(target=waiter, args=('w1',)), threading.Thread(target=waiter, args=('w2',)),
              threading.Thread(target=notifier)]:
        t.start()
'''


def test_notify_wakes_the_longest_waiting_thread(explore):
    out = explore(FIFO.format(first=0))
    assert out.status == 0 and out.report['verdict'] == 'pass', out.stdout
    assert out.report['executions'] > 1
    # The same script asserting the other order fails: the check can fail.
    out = explore(FIFO.format(first=1))
    assert out.status == 1 and out.failure['kind'] == 'assertion', out.stdout


def test_a_notify_landing_on_a_zero_timeout_wait_is_absorbed_and_lost(explore):
    # The notifier notifies only once the sleeper waits: the one way to lose that notify is
    # a poller queued ahead of the sleeper whose wait(timeout=0) has not re-acquired yet.
    out = explore('''
        import threading
        lock = threading.RLock()
        cond = threading.Condition(lock)
        ready = threading.Condition(lock)
        sleeping = []

        def poller():
            with cond:
                cond.wait(timeout=0)      # never blocks, but queues a waiter first

        def sleeper():
            with cond:
                sleeping.append(True)
                ready.notify()
                cond.wait()

        def notifier():
            with cond:
                ready.wait_for(lambda: sleeping)
                cond.notify()

        for target in (poller, sleeper, notifier):
            threading.Thread(target=target, name=target.__name__).start()
    ''')
    assert out.status == 1 and out.failure['kind'] == 'deadlock', out.stdout
    assert 'absorbed by poller, whose wait had timed out' in out.stdout
    assert 'cond.wait(timeout=0) releases lock, does not block' in [s['op'] for s in out.failure['trace']]


def test_rlock_is_reentrant_for_its_owner_only(explore):
    out = explore('''
        import threading
        r = threading.RLock()

        def twice():
            with r:
                with r:
                    pass

        ts = [threading.Thread(target=twice) for _ in range(2)]
        for t in ts: t.start()
        for t in ts: t.join()
    ''')
    assert out.status == 0 and out.report['verdict'] == 'pass', out.stdout
    out = explore('''
        import threading
        r = threading.RLock()
        r.acquire()
        t = threading.Thread(target=r.release, name='thief')
        t.start()
        t.join()
    ''')
    assert out.status == 1 and out.failure['kind'] == 'model_misuse', out.stdout
    assert 'cannot release un-acquired lock' in out.failure['message']


def test_a_plain_lock_is_not_reentrant_but_any_thread_may_release_it(explore):
    out = explore('''
        import threading
        m = threading.Lock()
        m.acquire()
        t = threading.Thread(target=m.release)
        t.start()
        t.join()
        m.acquire()
    ''')
    assert out.status == 0 and out.report['verdict'] == 'pass', out.stdout
    out = explore('''
        import threading
        m = threading.Lock()
        with m:
            m.acquire()
    ''')
    assert out.status == 1 and out.failure['kind'] == 'deadlock', out.stdout
    assert 'which it holds itself' in out.stdout


def test_notify_without_the_lock_is_the_misuse_cpython_raises(explore):
    out = explore('''
        import threading
        cond = threading.Condition()
        cond.notify()
    ''')
    assert out.status == 1 and out.failure['kind'] == 'model_misuse', out.stdout
    assert 'cannot notify on un-acquired lock' in out.failure['message']
    assert out.failure['trace'][-1]['location'].endswith('script.py:4')


def test_a_timed_get_may_time_out_and_get_nowait_never_blocks(explore):
    out = explore('''
        import queue, threading
        q = queue.Queue()
        threading.Thread(target=q.put, args=(1,)).start()
        try:
            assert q.get(timeout=5) == 1
        except queue.Empty:
            raise AssertionError('timed out')
    ''')
    assert out.status == 1 and out.failure['kind'] == 'assertion', out.stdout
    assert 'timed out' in out.failure['message']
    out = explore('''
        import queue
        q = queue.Queue(maxsize=1)
        try:
            q.get_nowait()
        except queue.Empty:
            pass
        q.put(7)
        assert q.full() and q.qsize() == 1 and q.get() == 7 and q.empty()
    ''')
    assert out.status == 0 and out.report['verdict'] == 'pass', out.stdout


def test_a_bounded_queue_blocks_put_while_full(explore):
    out = explore('''
        import queue
        q = queue.Queue(maxsize=1)
        q.put(1)
        q.put(2)
    ''')
    assert out.status == 1 and out.failure['kind'] == 'deadlock', out.stdout
    assert 'waits for a free slot in q (full)' in out.stdout


def test_each_thread_keeps_its_own_exception_in_flight(explore):
    out = explore('''
        import sys, threading
        m = threading.Lock()

        def handler(error):
            try:
                raise error
            except type(error):
                with m:           # a scheduling point: the other thread may run here
                    pass
                assert sys.exc_info()[1] is error

        for e in (KeyError('a'), ValueError('b')):
            threading.Thread(target=handler, args=(e,)).start()
    ''')
    assert out.status == 0 and out.report['verdict'] == 'pass', out.stdout
    assert out.report['executions'] > 1


def test_process_arguments_are_copied_but_lockstep_objects_shared(explore):
    out = explore('''
        import multiprocessing

        def child(items, q):
            items.append('child')
            q.put(len(items))

        if __name__ == '__main__':
            items = ['parent']
            q = multiprocessing.Queue()
            p = multiprocessing.Process(target=child, args=(items, q))
            p.start()
            assert q.get() == 2
            p.join()
            assert items == ['parent'], items
    ''')
    assert out.status == 0 and out.report['verdict'] == 'pass', out.stdout


def test_an_event_wakes_its_waiter(explore):
    out = explore('''
        import threading
        e = threading.Event()
        s = threading.Semaphore(0)
        t = threading.Thread(target=lambda: (e.wait(), s.release()))
        t.start()
        e.set()
        s.acquire()
        t.join()
        assert e.is_set()
    ''')
    assert out.status == 0 and out.report['verdict'] == 'pass', out.stdout


def test_each_execution_imports_the_scripts_own_modules_afresh(tmp_path, explore):
    (tmp_path / 'helper.py').write_text(
        'import threading\n'
        'lock = threading.Lock()\n'
        'entered = []\n')
    out = explore('''
        import threading
        import helper

        def work(name):
            with helper.lock:
                helper.entered.append(name)

        ts = [threading.Thread(target=work, args=(n,)) for n in 'ab']
        for t in ts: t.start()
        for t in ts: t.join()
        assert sorted(helper.entered) == ['a', 'b'], helper.entered
    ''')
    assert out.status == 0 and out.report['verdict'] == 'pass', out.stdout
    assert out.report['executions'] > 1


def test_threads_know_who_they_are(explore):
    out = explore('''
        import threading
        seen = {}

        def work():
            me = threading.current_thread()
            seen[me.name] = (me is t, threading.get_ident() == t.ident)

        t = threading.Thread(target=work, name='worker')
        t.start()
        t.join()
        assert not t.is_alive()
        assert seen == {'worker': (True, True)}, seen
        assert threading.current_thread().name == 'MainThread'
    ''')
    assert out.status == 0 and out.report['verdict'] == 'pass', out.stdout
