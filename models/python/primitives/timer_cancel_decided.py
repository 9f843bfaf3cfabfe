# timer_cancel_too_late.py corrected: cancel() and the timer's function decide under one lock.
import threading

m = threading.Lock()
state = {'cancelled': False, 'fired': False}


def fire():
    with m:
        if not state['cancelled']:
            state['fired'] = True


timeout = threading.Timer(5, fire)
timeout.start()
with m:
    cancelled_first = not state['fired']
    state['cancelled'] = True
    timeout.cancel()
timeout.join()
assert state['fired'] != cancelled_first, 'either the timer fired or the cancel won, never both, never neither'
