#!/usr/bin/env python3
"""Prints the dfs vs dpor table of docs/performance.md: each model and size explored by both
strategies through the lockstep program, dfs cut off after a time limit.

usage: tests/bench/dfs_vs_dpor.py LOCKSTEP_BINARY [SECONDS]
"""
import json
import subprocess
import sys
import tempfile

CASES = [("seeds/" + m, {}) for m in (
    "condition", "condition-fixed", "condition-get-blocks", "condition-process",
    "condition-process-empty-lies", "condition-process-fixed", "condition-skip", "condition-starve",
    "condition-wait-forever", "mydata", "mydata-fixed", "mydata-overwrite", "mydata-read-twice")]
CASES += [("bench/handoff", {}), ("bench/bounded-buffer", {}), ("bench/mutex-counter", {})]
CASES += [("bench/lastzero", {"n": n}) for n in (2, 3, 4, 5, 6, 8)]
CASES += [("bench/readers", {"readers": n}) for n in (2, 4, 6, 8, 10)]
CASES += [("bench/lock-increments", {"threads": n}) for n in (2, 3, 4, 5, 6, 7)]
CASES += [("bench/indexer", {"threads": n}) for n in (2, 3, 11, 12, 13)]
CASES += [("bench/filesystem", {"threads": n}) for n in (2, 3, 14, 15, 16, 18)]


def explore(binary, model, params, strategy, seconds):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [binary, "run", model, "--strategy", strategy, "--time-limit", str(seconds), "--quiet",
                   "--json", out.name]
        for name, value in params.items():
            command += ["--param", f"{name}={value}"]
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return json.load(open(out.name))[0]


def executions(r):
    return f"> {r['executions']:,} (stopped)" if r["verdict"] == "incomplete" else f"{r['executions']:,}"


def elapsed(r):
    s = r["elapsed_s"]
    text = f"{s * 1e3:.1f} ms" if s < 1 else f"{s:.2f} s"
    return "> " + text if r["verdict"] == "incomplete" else text


def main():
    binary = sys.argv[1]
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    print("| Model | Params | dfs executions | dfs time | dpor executions | dpor time | verdict |")
    print("|---|---|---|---|---|---|---|")
    for model, params in CASES:
        dfs = explore(binary, model, params, "dfs", seconds)
        dpor = explore(binary, model, params, "dpor", seconds)
        assert dpor["redundant"] == 0, f"{model}: dpor cut {dpor['redundant']} explorations short"
        shown = " ".join(f"{k}={v}" for k, v in params.items()) or "defaults"
        print(f"| {model} | {shown} | {executions(dfs)} | {elapsed(dfs)} | {executions(dpor)} | {elapsed(dpor)} "
              f"| {dpor['verdict']} |", flush=True)


if __name__ == "__main__":
    main()
