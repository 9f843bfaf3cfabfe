# join_timeout_unchecked.py corrected: is_alive() after join(timeout) tells whether it timed out.
import threading
import time

result = [0]


def work():
    time.sleep(1)
    result[0] = 42


worker = threading.Thread(target=work, name='worker')
worker.start()
worker.join(timeout=5)
if not worker.is_alive():
    assert result[0] == 42, "a finished worker's result is there"
else:
    worker.join()
    assert result[0] == 42, 'the result is there once the worker finished'
