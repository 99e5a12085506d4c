"""forge side by side with its peers on a large schema, in one run (issue 11).

For each size N (tables; ``bench/schemagen.py`` makes them: 12 columns, 2 indexes, a foreign
key, a check and a comment each, every 10th table different in the variant) this builds the
base database with ``psql -f base.sql`` on the embedded PostgreSQL 18 (then ``ANALYZE`` and
``CHECKPOINT``, which autovacuum and the checkpointer would otherwise do in the middle of the
timings), then times, --runs times each, whole processes as a user runs them:

- ``forge plan`` of the variant YAML against the base database, fresh (a new project directory
  without ``.forge/``), warm (again in the same directory: nothing was written to the server in
  between, so the fresh plan's catalog read is used again: each loaded database is left until
  the server's WAL position has stood still for 16 s) and, after all of those, warm after a
  commit in another database of the server (the catalog read again); the no-op plan (base
  YAML, fresh);
  ``forge validate``; ``forge import``; ``forge --help``;
- ``forge apply`` of the migration ``forge generate`` wrote, against ``psql -f`` of the same
  plan's SQL (each on its own copy of the base database);
- ``pg_dump --schema-only`` of the base database; migra (base database against one built from
  ``variant.sql``: migra compares two databases); Alembic reflect + ``compare_metadata`` (against
  a generated SQLAlchemy MetaData module of the variant).

It prints markdown (min and median seconds, peak RSS of the client process, ratios, the goals
with PASS/MISS) and checks that every tool found the same changes as the generator made.

    python bench/perf.py --sizes 100,1000,5000 --runs 3 [--no-peers] [--json out.json]

The server: ``FORGE_TEST_PGDATA`` if set (left running), else a new one in a temporary
directory, stopped and deleted at the end. migra and Alembic get virtual environments of their
own in ``~/.cache/schemaforge-bench`` on first use (pip, network or a configured index).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

import peers  # noqa: E402
import report  # noqa: E402
import schemagen  # noqa: E402

PYPROJECT = '[project]\nname = "bench"\nversion = "0"\n\n[tool.schemaforge]\n'


@dataclass(frozen=True)
class Run:
    """One finished process: wall seconds, its peak RSS, what it printed."""

    seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    code: int


def run(cmd: list[str], *, cwd: Path, env: dict[str, str], ok: tuple[int, ...] = (0,)) -> Run:
    """Run ``cmd`` to the end; its own peak RSS comes from ``wait4`` (the server's is not counted)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = Run(seconds, usage.ru_maxrss / 1024, out.read().decode(), err.read().decode(), proc.returncode)
    if result.code not in ok:
        sys.exit(f"{' '.join(cmd)} exited {result.code}:\n{result.stderr[-3000:]}{result.stdout[-2000:]}")
    return result


@dataclass
class Step:
    """The runs of one measured command at one size (each shown on stderr as it ends)."""

    name: str
    times: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)

    def add(self, r: Run) -> Run:
        print(f"  {self.name}: {r.seconds:.2f} s, {r.peak_mb:.0f} MB", file=sys.stderr)
        self.times.append(r.seconds)
        self.peaks.append(r.peak_mb)
        return r

    def to_json(self) -> dict:
        return {"min": min(self.times), "median": statistics.median(self.times), "peak_mb": max(self.peaks),
                "times": self.times}


class Bench:
    """One size: its generated files, its databases, and the commands that are timed."""

    def __init__(self, server, work: Path, n: int, env: dict[str, str]):
        self.server, self.n, self.env = server, n, env
        self.work = work / f"n{n}"
        schemagen.write_all(self.work, n)
        self.steps: dict[str, Step] = {}
        self.facts: dict[str, list[tuple[str, str]]] = {"expected": schemagen.expected_facts(n)}
        self.dbs: list[str] = []
        self.base = self.database("base", self.work / "base.sql")

    # --- plumbing -----------------------------------------------------------------------------
    def step(self, name: str) -> Step:
        return self.steps.setdefault(name, Step(name))

    def database(self, label: str, sql: Path | None = None, template: str | None = None) -> str:
        name = f"bench_{label}_{self.n}_{uuid.uuid4().hex[:6]}"
        self.server.create_database(name, template=template)
        self.dbs.append(name)
        if sql is not None:
            r = self.psql(name, sql)
            if label == "base":
                self.step("psql -f base.sql (load)").add(r)
            self.settle(name)
        return name

    def settle(self, db: str) -> None:
        """What autovacuum and the checkpointer would do within the next minute, done before
        the timing starts: the load's catalog statistics (stale right after it: catalog
        queries then take other plans) and its dirty pages, which otherwise land in the middle
        of whichever command runs then, forge's or a peer's."""
        run([str(BIN / "psql"), "-X", "-q", "-d", self.server.url_for(db), "-c", "ANALYZE", "-c", "CHECKPOINT"],
            cwd=self.work, env=self.env)
        self.quiet()

    def quiet(self, still: float = 16.0, limit: float = 90.0) -> None:
        """Until the server's WAL insert position has not moved for ``still`` seconds (at most
        ``limit``): after a write, the background writer logs a running-transactions record up to
        15 s later and autovacuum may work, either in the middle of a warm plan, which then reads
        the catalog again instead of using the last plan's read (see the warm rows)."""
        ask = [str(BIN / "psql"), "-X", "-At", "-d", self.server.url_for("postgres"),
               "-c", "SELECT pg_current_wal_insert_lsn()"]
        deadline = time.monotonic() + limit
        last, since = None, time.monotonic()
        while time.monotonic() < deadline:
            now = run(ask, cwd=self.work, env=self.env).stdout.strip()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= still:
                return
            time.sleep(0.5)

    def commit_elsewhere(self) -> None:
        """A commit in another database of the server (untimed): its WAL position moves, so the
        next plan reads the catalog again instead of using the last plan's read."""
        run([str(BIN / "psql"), "-X", "-q", "-d", self.server.url_for("postgres"), "-c", "SELECT pg_current_xact_id()"],
            cwd=self.work, env=self.env)

    def drop(self, name: str) -> None:
        self.server.drop_database(name)
        self.dbs.remove(name)

    def psql(self, db: str, sql: Path) -> Run:
        return run([str(BIN / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.server.url_for(db), "-f", str(sql)],
                   cwd=self.work, env=self.env)

    def project(self, side: str | None) -> Path:
        """A new project directory (no ``.forge/``) with the ``side`` YAML as its ``schema/``."""
        root = Path(tempfile.mkdtemp(prefix="proj-", dir=self.work))
        (root / "pyproject.toml").write_text(PYPROJECT)
        if side:
            shutil.copytree(self.work / side, root / "schema")
        return root

    def forge(self, args: list[str], cwd: Path, db: str | None = None, ok: tuple[int, ...] = (0,)) -> Run:
        env = dict(self.env, DATABASE_URL=self.server.url_for(db or self.base))
        return run([*FORGE, *args], cwd=cwd, env=env, ok=ok)

    # --- what is timed ------------------------------------------------------------------------
    def time_forge(self, runs: int, with_help: bool) -> None:
        for _ in range(runs):
            if with_help:
                self.step("forge --help").add(self.forge(["--help"], self.work))
            self.step("forge validate").add(self.forge(["validate"], self.project("base")))
            fresh = self.project("variant")
            self.step("forge plan (fresh)").add(self.forge(["plan"], fresh))
            self.step("forge plan (warm)").add(self.forge(["plan"], fresh))
            noop = self.step("forge plan, no changes (fresh)").add(self.forge(["plan"], self.project("base")))
            if "No changes" not in noop.stdout + noop.stderr:
                sys.exit(f"the no-op plan at N={self.n} is not empty:\n{noop.stdout[:3000]}")
            self.step("forge import").add(self.forge(["import", "--out", "imported"], self.project(None)))
            dump = self.work / "dump.sql"
            self.step("pg_dump --schema-only").add(run(
                [str(BIN / "pg_dump"), "--schema-only", "-d", self.server.url_for(self.base), "-f", str(dump)],
                cwd=self.work, env=self.env))
        self.facts["forge"] = peers.forge_facts(self.forge(["plan", "--format", "json"], fresh).stdout)
        for _ in range(runs):  # after the warm plans: the background writer logs WAL up to 15 s after this
            self.commit_elsewhere()
            self.step("forge plan (warm, server written since)").add(self.forge(["plan"], fresh))

    def time_apply(self, runs: int) -> None:
        """``forge apply`` of the generated migration against ``psql -f`` of the plan's SQL."""
        proj = self.project("variant")
        self.forge(["generate", "bench", "--allow-destructive"], proj)
        up = self.work / "up.sql"
        up.write_text(self.forge(["plan", "--format", "sql"], proj).stdout)
        for k in range(runs):
            db = self.database("apply", template=self.base)
            self.step("forge apply (generated migration)").add(self.forge(["apply"], proj, db=db))
            if k == 0:
                self.check_lands(proj, db, "forge apply")
            self.drop(db)
            db = self.database("psql", template=self.base)
            self.step("psql -f (same SQL)").add(self.psql(db, up))
            if k == 0:
                self.check_lands(proj, db, "psql -f")
            self.drop(db)

    def check_lands(self, proj: Path, db: str, how: str) -> None:
        """What was applied is the variant: planning the variant against it changes nothing (untimed)."""
        r = self.forge(["plan"], proj, db=db)
        if "No changes" not in r.stdout + r.stderr:
            sys.exit(f"after {how} at N={self.n} the database still differs from the variant:\n{r.stdout[:3000]}")

    def time_peers(self, runs: int) -> None:
        variant_db = self.database("variant", self.work / "variant.sql")
        base_url, variant_url = (peers.sqlalchemy_url(self.server.url_for(d)) for d in (self.base, variant_db))
        migra = peers.venv_bin("migra") / "migra"
        alembic = peers.venv_bin("alembic") / "python"
        module = self.work / "variant_metadata.py"
        module.write_text(peers.metadata_module(schemagen.tables(self.n, variant=True)))
        for _ in range(runs):
            m = self.step("migra (base db vs variant db)").add(
                run([str(migra), "--unsafe", base_url, variant_url], cwd=self.work, env=self.env, ok=(2,)))
            a = self.step("alembic reflect + compare_metadata").add(
                run([str(alembic), str(BENCH / "alembic_compare.py"), base_url, str(module)], cwd=self.work, env=self.env))
        self.facts["migra"] = peers.migra_facts(m.stdout)
        self.facts["alembic"] = peers.alembic_facts(a.stdout)
        self.drop(variant_db)

    def close(self) -> None:
        for name in list(self.dbs):
            self.drop(name)
        shutil.rmtree(self.work, ignore_errors=True)


def forge_command() -> list[str]:
    """The ``forge`` console script next to this Python (as a user runs it), else ``python -m``."""
    script = Path(sys.executable).parent / "forge"
    return [str(script)] if script.exists() else [sys.executable, "-m", "schemaforge"]


FORGE = forge_command()
BIN = Path()  # the embedded wheel's client programs, set in main()


def main() -> None:
    global BIN
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,5000", help="comma-separated table counts")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peers", action=argparse.BooleanOptionalAction, default=True, help="time migra and Alembic")
    ap.add_argument("--json", type=Path, help="also write every figure here")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    from schemaforge.database import embedded
    from schemaforge.database.session import Server

    BIN = embedded.bin_dir()
    keep = os.environ.get("FORGE_TEST_PGDATA")
    work = Path(tempfile.mkdtemp(prefix="forge-bench-"))
    data = Path(keep) if keep else work / "pg"
    server = Server(embedded.ensure_server(data))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as a user runs it: Python's caches written and read
    results: dict[int, dict] = {}
    try:
        for k, n in enumerate(sizes):
            print(f"N={n} ...", file=sys.stderr)
            b = Bench(server, work, n, env)
            try:
                b.time_forge(args.runs, with_help=k == 0)
                b.time_apply(args.runs)
                if args.peers:
                    b.time_peers(args.runs)
                results[n] = {"steps": {name: s.to_json() for name, s in b.steps.items()}, "facts": b.facts}
            finally:
                b.close()
    finally:
        if not keep:
            embedded.stop_server(data)
        shutil.rmtree(work, ignore_errors=True)
    meta = {"command": "python bench/perf.py " + " ".join(sys.argv[1:]), "runs": args.runs,
            "python": platform.python_version(), "postgres": embedded.server_version(), "cpus": os.cpu_count(),
            "forge": " ".join(Path(c).name for c in FORGE)}
    doc = report.build(results, meta)
    print(report.markdown(doc))
    if args.json:
        args.json.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
