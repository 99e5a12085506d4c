"""How long `forge plan` alone takes on a large schema: the plan rows of ``bench/perf.py``, quickly.

The schema is ``bench/schemagen.py``'s (one generator for every benchmark): the base database
is loaded with ``psql -f base.sql``, the variant YAML (every 10th table differs) is planned
against it, fresh (a new project directory, no ``.forge/``) and then warm (the same directory
again, the model and normalized tables coming from ``.forge/cache/``). For every figure and the
peers, run ``bench/perf.py``.

    python bench/plan_speed.py --tables 1000 [--runs 3]

Each run plans in a new project directory (fresh: no `.forge/`), then again in it (warm).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import perf  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from schemaforge.database import embedded
    from schemaforge.database.session import Server

    perf.BIN = embedded.bin_dir()
    keep = os.environ.get("FORGE_TEST_PGDATA")
    work = Path(tempfile.mkdtemp(prefix="forge-bench-"))
    data = Path(keep) if keep else work / "pg"
    env = {**os.environ, "PYTHONPATH": str(perf.ROOT), "NO_COLOR": "1"}
    try:
        b = perf.Bench(Server(embedded.ensure_server(data)), work, args.tables, env)
        try:
            fresh, warm = [], []
            for _ in range(args.runs):
                proj = b.project("variant")
                fresh.append(b.forge(["plan"], proj).seconds)
                warm.append(b.forge(["plan"], proj).seconds)
            print(f"forge plan, {args.tables} tables ({len(b.facts['expected'])} differ), {args.runs} runs: "
                  f"fresh median {statistics.median(fresh):.2f} s (min {min(fresh):.2f}), "
                  f"warm median {statistics.median(warm):.2f} s (min {min(warm):.2f})")
        finally:
            b.close()
    finally:
        if not keep:
            embedded.stop_server(data)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
