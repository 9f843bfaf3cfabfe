# cancel() after the timer fired (models/primitives/timer.cpp): the function ran anyway.
# lockstep: expect assertion
import threading

fired = []
timeout = threading.Timer(5, lambda: fired.append(True))
timeout.start()
timeout.cancel()  # the request finished in time, so "the timeout will not fire" ...
timeout.join()
assert not fired, 'a cancelled timer did not fire'
