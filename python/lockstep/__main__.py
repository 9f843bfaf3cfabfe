"""python3 -m lockstep: the command line for Python scripts, with the C++ CLI's flags and exit
statuses (docs/python.md): 0 explored, no failure (or only the expected one); 1 a failure
(or an expected one not found); 2 usage or input error (missing script, syntax error, bad
token); 3 a bound stopped exploration before it was complete and nothing failed; 130
interrupted (Ctrl-C).
"""
import argparse
import os
import sys

from lockstep import _engine
from lockstep import _report
from lockstep._script import Script, ScriptError

OK, FAILURE, INPUT_ERROR, INCOMPLETE = 0, 1, 2, 3
COMMAND = 'python3 -m lockstep'


def _text(result, script):
    """The failure as the C++ CLI prints it, its replay line as this command runs it."""
    text = result.failure_text()
    line = result.replay_line()
    if line:
        text = text.replace(line, f'{COMMAND} replay {script} {result.token}')
    return text.replace('found by: lockstep run ', f'found by: {COMMAND} run ')


def _status(result):
    if result.as_expected:
        return OK
    if result.kind is not None:
        return FAILURE
    return INCOMPLETE if result.verdict == 'incomplete' else FAILURE


def _write(path, text):
    try:
        with open(path, 'w') as f:
            f.write(text)
    except OSError as e:
        raise ScriptError(f'cannot write {path}: {e.strerror}') from None


def run(args):
    scripts = [Script(path) for path in args.scripts]  # every one readable before any runs
    options = dict(strategy=args.strategy, max_executions=args.max_executions, seed=args.seed,
                   preemptions=args.preemptions, pct_depth=args.pct_depth, time_limit=args.time_limit)
    status, results = OK, []
    for script in scripts:
        max_steps = args.max_steps if args.max_steps is not None else script.max_steps
        cuts = dict(max_steps=max_steps, step_limit_cuts=True) if max_steps is not None else {}
        result = script.explore(**options, **cuts)
        if _report.interrupted:
            raise KeyboardInterrupt
        print(result.summary(), flush=True)
        if result.kind is not None and not args.quiet:
            print(_text(result, script.path), end='', flush=True)
        s = _status(result)
        if s == FAILURE or (s == INCOMPLETE and status == OK):
            status = s
        results.append(result)
    if args.json:
        _write(args.json, _engine.format_json(results))
    if args.junit:
        _write(args.junit, _engine.format_junit(results))
    return status


def _without_trace(text, steps):
    """The failure with its trace only counted, as `lockstep replay` without --trace prints it."""
    head, _, rest = text.partition('  trace (')
    tail = ''
    for marker in ('  blocked threads:\n', COMMAND):
        at = rest.find(marker)
        if at >= 0:
            tail = rest[at:]
            break
    return head + f'  trace: {steps} steps (--trace prints them)\n' + tail


def replay(args):
    script = Script(args.script)
    result = script.explore(strategy='replay', token=args.token)
    print(result.summary())
    if result.kind is not None:
        text = _text(result, script.path)
        if not args.trace:
            text = _without_trace(text, len(result.trace))
        print(text, end='')
    if result.kind is None:
        return OK
    return FAILURE if result.kind == 'nondeterministic_model' or not result.as_expected else OK


def parser():
    p = argparse.ArgumentParser(prog=COMMAND, description='lockstep: explore the schedules of a Python script')
    sub = p.add_subparsers(dest='command', required=True)
    r = sub.add_parser('run', help='explore scripts and report failures')
    r.add_argument('scripts', nargs='+', metavar='SCRIPT', help='Python scripts (models/python/*.py)')
    r.add_argument('--strategy', default='dpor', choices=['dpor', 'dfs', 'bounded', 'random', 'pct'])
    r.add_argument('--max-executions', type=int, default=0, metavar='N', help='stop after N executions (0: no bound)')
    r.add_argument('--max-steps', type=int, metavar='N',
                   help='cut each execution at N steps without calling it a failure (verdict incomplete, exit 3)')
    r.add_argument('--preemptions', type=int, default=2, metavar='K', help='bounded: preemptions per execution')
    r.add_argument('--seed', type=int, default=0, help='random, pct: the seed')
    r.add_argument('--pct-depth', type=int, default=3, metavar='D', help='pct: the depth of the bugs it aims at')
    r.add_argument('--time-limit', type=float, default=0, metavar='SECONDS',
                   help='stop exploring each script after SECONDS (exit 3)')
    r.add_argument('--json', metavar='FILE', help='write the results as JSON to FILE')
    r.add_argument('--junit', metavar='FILE', help='write the results as JUnit XML to FILE')
    r.add_argument('--quiet', action='store_true', help='one line per script: no traces')
    r.set_defaults(func=run)
    y = sub.add_parser('replay', help='re-run exactly the execution of a replay token')
    y.add_argument('script', metavar='SCRIPT')
    y.add_argument('token', metavar='TOKEN')
    y.add_argument('--trace', action='store_true', help='print every step of the execution')
    y.set_defaults(func=replay)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    for name in ('max_executions', 'max_steps', 'preemptions', 'seed', 'pct_depth'):
        value = getattr(args, name, None)
        positive = name in ('max_steps', 'pct_depth')
        if value is not None and value < (1 if positive else 0):
            print(f'lockstep: --{name.replace("_", "-")} must be {"positive" if positive else ">= 0"}',
                  file=sys.stderr)
            return INPUT_ERROR
    try:
        return args.func(args)
    except (ScriptError, _engine.InputError) as e:
        print(f'lockstep: {e}', file=sys.stderr)
        return INPUT_ERROR
    except KeyboardInterrupt:
        print('lockstep: interrupted', file=sys.stderr)
        return 130


if __name__ == '__main__':
    sys.exit(main())
