#!/usr/bin/env python3
"""Run a command N times and report the median wall-clock time (stdlib only).

As a command:

    measure.py [--runs 5] [--warmup 1] [--prepare 'SHELL CMD'] [--name NAME] -- CMD ARG...

CMD runs directly (no shell, so no shell start-up is measured), stdout to /dev/null. --prepare
runs through bash before every run (warm-up included) and is not timed: use it to give each run
a fresh, empty database. A failing run stops everything with the command's stderr.

As a module: `measure(cmd, runs=..., warmup=..., prepare=..., env=...)` returns a `Result`;
`measure_group([Case(...), ...])` times several commands round-robin (A B C, B C A, ...), so a
change in the machine's load hits all of them alike and their ratios stay meaningful.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time


class Result:
    def __init__(self, name, times):
        self.name = name
        self.times = times

    @property
    def median(self):
        return statistics.median(self.times)

    @property
    def min(self):
        return min(self.times)

    @property
    def max(self):
        return max(self.times)

    def __repr__(self):
        return f"{self.name}: median {fmt(self.median)} (min {fmt(self.min)}, max {fmt(self.max)}, n={len(self.times)})"


class CommandFailed(Exception):
    pass


def fmt(seconds):
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 0.001:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def _prepare(prepare, env):
    if prepare is None:
        return
    if callable(prepare):
        prepare()
        return
    subprocess.run(["bash", "-c", prepare], check=True, env=env, stdout=subprocess.DEVNULL)


def run_once(cmd, env=None, cwd=None, stdin_path=None, ok_codes=(0,)):
    """Seconds for one run of cmd (a list); raises CommandFailed with stderr on failure (an exit
    code not in ok_codes: migra, like diff, exits 2 when it found differences)."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        proc = subprocess.run(
            cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd
        )
        elapsed = time.perf_counter() - start
        if proc.returncode not in ok_codes:  # run again to show what it printed (failures only)
            if stdin_path:
                stdin.seek(0)
            proc = subprocess.run(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  env=env, cwd=cwd)
            proc.returncode = proc.returncode or 1
            proc.stderr = proc.stdout
    finally:
        if stdin_path:
            stdin.close()
    if proc.returncode not in ok_codes:
        err = proc.stderr.decode(errors="replace").strip()
        raise CommandFailed(f"exit {proc.returncode}: {' '.join(map(str, cmd))}\n{err[-3000:]}")
    return elapsed


class Case:
    """One command to time: cmd is a list (no shell); prepare (a bash string or a callable) runs,
    untimed, before every run; stdin_path feeds a file to its stdin; ok_codes are the exit codes
    that mean success."""

    def __init__(self, name, cmd, prepare=None, env=None, cwd=None, stdin_path=None, ok_codes=(0,)):
        self.name = name
        self.cmd = [str(c) for c in cmd]
        self.prepare = prepare
        self.env = env
        self.cwd = cwd
        self.stdin_path = stdin_path
        self.ok_codes = tuple(ok_codes)

    def run(self):
        _prepare(self.prepare, self.env)
        return run_once(self.cmd, self.env, self.cwd, self.stdin_path, self.ok_codes)


def measure_group(cases, runs=5, warmup=1, verbose=True, min_round=0.3, max_repeat=10):
    """Times several cases round-robin (A B C, B C A, ...) so that a change in the machine's load
    during the measurement hits every case alike and their ratios stay meaningful. A case faster
    than `min_round` seconds (judged from its warm-up) runs several times in a row within each
    round (at most `max_repeat`), so that a quick command gets as many samples as the load
    fluctuations need. Returns one Result per case, in order, over all samples."""
    repeat = [1] * len(cases)
    for _ in range(warmup):
        for i, case in enumerate(cases):
            t = case.run()
            repeat[i] = max(1, min(max_repeat, int(min_round / max(t, 1e-6))))
    times = [[] for _ in cases]
    for r in range(runs):
        # Each round starts with the next case (A B C, B C A, C A B, ...), so no case always
        # runs right after the same one (whose dirty pages the disk may still be writing).
        start = r % len(cases)
        for i in list(range(start, len(cases))) + list(range(start)):
            case = cases[i]
            for _ in range(repeat[i]):
                times[i].append(case.run())
    results = [Result(case.name, t) for case, t in zip(cases, times)]
    if verbose:
        for r in results:
            print(f"  {r}", file=sys.stderr, flush=True)
    return results


def measure(cmd, runs=5, warmup=1, prepare=None, env=None, cwd=None, stdin_path=None, name=None,
            verbose=True):
    """Median of `runs` timed runs after `warmup` untimed ones; `prepare` before each run."""
    case = Case(name or " ".join(map(str, cmd)), cmd, prepare, env, cwd, stdin_path)
    return measure_group([case], runs, warmup, verbose)[0]


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "5")))
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--prepare", default=None, help="bash command run (untimed) before each run")
    p.add_argument("--stdin", default=None, help="file fed to the command's stdin")
    p.add_argument("--name", default=None)
    p.add_argument("cmd", nargs=argparse.REMAINDER)
    args = p.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        p.error("no command given (put it after --)")
    try:
        result = measure(cmd, args.runs, args.warmup, args.prepare, stdin_path=args.stdin,
                         name=args.name, verbose=False)
    except CommandFailed as e:
        print(f"measure.py: {e}", file=sys.stderr)
        return 1
    print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
