"""Helpers for the Python front door's tests: run `python3 -m lockstep` on a script file or
on a script's text, and read its JSON report. ctest sets PYTHONPATH to build/python."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODELS = os.path.join(REPO, 'models', 'python')


class Outcome:
    def __init__(self, process, report):
        self.status = process.returncode
        self.stdout = process.stdout
        self.stderr = process.stderr
        self.report = report  # the one script's JSON object, when --json was written

    @property
    def failure(self):
        return self.report['failure']

    def trace_threads(self):
        return {step['thread'] for step in self.failure['trace']}


def lockstep(*args, cwd=REPO):
    return subprocess.run([sys.executable, '-m', 'lockstep', *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def explore(tmp_path):
    """explore(path or source text, *flags): runs `run --json` and returns an Outcome."""

    def run(script, *flags):
        if '\n' in script:
            path = tmp_path / 'script.py'
            path.write_text(textwrap.dedent(script))
            script = str(path)
        report = tmp_path / 'report.json'
        process = lockstep('run', script, '--json', str(report), *flags)
        data = json.loads(report.read_text())[0] if report.exists() else None
        return Outcome(process, data)

    return run
