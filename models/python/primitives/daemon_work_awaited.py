# daemon_work_lost.py corrected: the program waits for the flusher's Event before it ends.
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
flushed.wait()
assert on_disk == [1], 'the record reached the disk before the program ended'
