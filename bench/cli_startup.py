"""How long `forge --help` takes to start, against a bare `python -c 'import click'`.

The goal (issue 9) is at most 3x: the help path imports click and the small `schemaforge.cli`
modules only, never psycopg, rich, sqlglot or the planner. Each command runs --runs times
(default 15), whole process; the median is reported. This checkout's code is measured
(PYTHONPATH is set to it), through the installed console script and through `python -m`.

    python bench/cli_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    forge = shutil.which("forge", path=str(Path(sys.executable).parent)) or shutil.which("forge")
    commands = [("python -c 'import click'", [sys.executable, "-c", "import click"])]
    if forge:
        commands.append(("forge --help", [forge, "--help"]))
    commands.append(("python -m schemaforge --help", [sys.executable, "-m", "schemaforge", "--help"]))
    baseline = None
    print(f"{'command':<32} {'median':>9} {'ratio':>6}   ({args.runs} runs each)")
    for label, cmd in commands:
        seconds = median_seconds(cmd, args.runs, env)
        baseline = baseline or seconds
        print(f"{label:<32} {seconds * 1000:>6.0f} ms {seconds / baseline:>5.2f}x")
    if not forge:
        print("(no `forge` console script found: install the package to time it)")


if __name__ == "__main__":
    main()
