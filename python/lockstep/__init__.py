"""lockstep for Python: explore every schedule that matters of a threading/multiprocessing script.

    python3 -m lockstep run SCRIPT.py [flags]
    python3 -m lockstep replay SCRIPT.py TOKEN

The script runs unmodified: its threading, queue, multiprocessing and time.sleep are
replaced, for the script only, by lockstep's model primitives (docs/python.md).
"""
