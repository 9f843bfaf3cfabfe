# Python does not wait for daemon threads at exit (models/primitives/daemon_thread.cpp): the
# last record is handed to a daemon flusher and the program ends, possibly before it ran.
# lockstep: expect assertion
import queue
import threading

pending = queue.Queue()
flushed = threading.Event()
on_disk = []


def flusher():
    while True:
        on_disk.append(pending.get())
        flushed.set()


threading.Thread(target=flusher, name='flusher', daemon=True).start()
pending.put(1)
assert on_disk == [1], 'the record reached the disk before the program ended'
