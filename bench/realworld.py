"""Whole real-world schemas through forge: load, import, generate + apply, compare, rollback.

Issue 10's "what it must show": a schema dump (pg_dump / Rails ``structure.sql``) is loaded
into an empty database on the embedded server, ``forge import`` reads it into YAML, ``forge
generate`` + ``forge apply`` build it again in another empty database, the copy is compared
with the original (our introspection as ``forge inspect`` YAML, and the normalized ``pg_dump
--schema-only`` the tests use), and ``forge rollback`` must leave the copy empty again::

    python bench/realworld.py tests/realworld/pagila-schema.sql /tmp/structure.sql

Nothing in a schema is edited silently. What the embedded server cannot run is stripped and
printed: ``CREATE EXTENSION`` (and its ``COMMENT ON EXTENSION``) for an extension the server
does not ship (pgcrypto, uuid-ossp, pg_partman, ...). Statements the server then refuses
(because they need a stripped extension) are listed as load errors; the rest still loads.

Uses ``DATABASE_URL`` when set (a server whose role may create databases), else the embedded
server of the tests (``FORGE_TEST_PGDATA``). Exit status 0 when every stage of every schema
passed.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import re
import subprocess
import sys
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schemaforge.database import embedded  # noqa: E402
from schemaforge.database.session import server_for  # noqa: E402

STAGES = ("load", "import", "import-noop", "apply", "same-model", "same-dump", "rollback-empty")
_EXTENSION = re.compile(r'^\s*CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([\w-]+)"?[^;]*;\s*$', re.I)
_EXTENSION_COMMENT = re.compile(r'^\s*COMMENT\s+ON\s+EXTENSION\s+"?([\w-]+)"?\s+IS\s.*;\s*$', re.I)
_TOC = re.compile(r"^-- Name: .*; Type: ([A-Z ]+); Schema: ")
_PSQL_ERROR = re.compile(r"^psql:[^:]*:(\d+): (ERROR|FATAL):\s*(.*)$")


@dataclass
class Result:
    """One schema's run: objects by kind, each stage's outcome, the first differences."""

    path: str
    kinds: dict[str, int] = field(default_factory=dict)
    stripped: list[str] = field(default_factory=list)
    load_errors: list[str] = field(default_factory=list)
    unmanaged: list[str] = field(default_factory=list)
    stages: dict[str, bool] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(self.stages.get(s) for s in STAGES)


def server():
    url = os.environ.get("DATABASE_URL")
    if url:
        return server_for(url)
    data = Path(os.environ.get("FORGE_TEST_PGDATA", "/tmp/schemaforge-test-pg"))
    return server_for(embedded.ensure_server(data))


def available_extensions(url: str) -> set[str]:
    import psycopg

    with psycopg.connect(url) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM pg_available_extensions")}


def prepare(text: str, available: set[str]) -> tuple[str, list[str]]:
    """The script with unavailable extensions stripped, and what was stripped (line: text).

    A stripped line is replaced by an SQL comment, so psql's line numbers stay those of the
    file."""
    out, stripped = [], []
    for no, line in enumerate(text.splitlines(), 1):
        m = _EXTENSION.match(line) or _EXTENSION_COMMENT.match(line)
        if m and m.group(1) not in available:
            stripped.append(f"line {no}: {line.strip()}  (extension {m.group(1)} is not on this server)")
            out.append("-- stripped by bench/realworld.py: " + line.replace("\n", " "))
            continue
        out.append(line)
    return "\n".join(out) + "\n", stripped


def kinds_in(text: str) -> dict[str, int]:
    """Objects by kind, as the dump's own table of contents names them."""
    counts = Counter(m.group(1).strip() for m in map(_TOC.match, text.splitlines()) if m)
    return dict(sorted(counts.items()))


def load(url: str, script: str, workdir: Path) -> list[str]:
    """Run the script with psql (as a dump is restored), every error listed, none stopping it."""
    path = workdir / "load.sql"
    path.write_text(script)
    proc = subprocess.run(
        [str(embedded.bin_dir() / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=0", "-d", url, "-f", str(path)],
        capture_output=True, text=True)
    errors = []
    for line in proc.stderr.splitlines():
        m = _PSQL_ERROR.match(line)
        if m:
            errors.append(f"line {m.group(1)}: {m.group(3)}")
    return errors


def forge(workdir: Path, url: str, *args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from schemaforge.cli import cli

    env = {"NO_COLOR": "1", "COLUMNS": "200", "DATABASE_URL": url, "CI": "1"}
    with contextlib.chdir(workdir):
        res = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=True)
    out = res.stdout + res.stderr
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        out += f"\n{type(res.exception).__name__}: {res.exception}"
    return res.exit_code, out


DIFF_LINES = [30]  # --lines


def first_differences(a: str, b: str, *, names=("original", "copy")) -> str:
    lines = DIFF_LINES[0]
    diff = list(difflib.unified_diff(a.splitlines(), b.splitlines(), *names, lineterm="", n=1))
    return "\n".join(diff[:lines]) + ("\n..." if len(diff) > lines else "")


def dump(url: str) -> str:
    from tests.conftest import pg_dump_schema

    return pg_dump_schema(url)


def schemas_of(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
            "AND nspname NOT IN ('information_schema', 'schemaforge') ORDER BY 1")]


def unmanaged(url: str) -> list[str]:
    import psycopg

    from schemaforge.inspect.unmanaged import unmanaged_objects

    with psycopg.connect(url) as conn:
        return unmanaged_objects(conn)


def run_one(srv, path: Path, *, keep: bool = False) -> Result:
    text = path.read_text()
    res = Result(str(path), kinds=kinds_in(text))
    original, copy, empty = (f"forge_rw_{uuid.uuid4().hex[:10]}" for _ in range(3))
    for name in (original, copy, empty):
        srv.create_database(name)
    try:
        with tempfile.TemporaryDirectory(prefix="forge-rw-") as tmp:
            _stages(srv, Path(tmp), res, text, original, copy, empty)
    finally:
        if not keep:
            for name in (original, copy, empty):
                srv.drop_database(name)
    return res


def _stages(srv, work: Path, res: Result, text: str, original: str, copy: str, empty: str) -> None:
    orig_url, copy_url, empty_url = srv.url_for(original), srv.url_for(copy), srv.url_for(empty)
    script, res.stripped = prepare(text, available_extensions(orig_url))
    res.load_errors = load(orig_url, script, work)
    res.stages["load"] = not res.load_errors
    res.unmanaged = unmanaged(orig_url)
    managed = schemas_of(orig_url)
    (work / "pyproject.toml").write_text(
        '[tool.schemaforge]\nschema_dir = "schema"\nmanaged_schemas = ['
        + ", ".join(f'"{s}"' for s in managed) + "]\n")
    (work / "migrations").mkdir()

    def stage(name: str, ok: bool, detail: str = "") -> bool:
        res.stages[name] = ok
        if detail and not ok:
            res.details[name] = detail
        return ok

    code, out = forge(work, orig_url, "import", "--out", "schema", "--force")
    if not stage("import", code == 0, out[-3000:]):
        return
    code, out = forge(work, orig_url, "plan", "--format", "text")
    stage("import-noop", code == 0 and "No changes" in out, out[:3000])
    code, out = forge(work, copy_url, "generate", "realworld", "--allow-destructive")
    if code == 0:
        code, more = forge(work, copy_url, "apply")
        out += more
    if not stage("apply", code == 0, out[-3000:]):
        return
    _, want = forge(work, orig_url, "inspect")
    _, got = forge(work, copy_url, "inspect")
    stage("same-model", want == got, first_differences(want, got))
    want_dump, got_dump = dump(orig_url), dump(copy_url)
    stage("same-dump", want_dump == got_dump, first_differences(want_dump, got_dump))
    steps = len(list((work / "migrations").glob("*.sql")))
    code, out = forge(work, copy_url, "rollback", "--steps", str(max(steps, 1)), "--allow-destructive")
    left, blank = dump(copy_url), dump(empty_url)
    stage("rollback-empty", code == 0 and left == blank,
          out[-2000:] + "\n" + first_differences(blank, left, names=("empty", "after rollback")))


def report(res: Result) -> str:
    lines = [f"== {res.path}", "objects by kind (the dump's table of contents):"]
    lines += [f"  {kind:<22} {n}" for kind, n in res.kinds.items()]
    for title, items in (("stripped (the embedded server cannot run it)", res.stripped),
                         ("load errors (statements the server refused)", res.load_errors),
                         ("not managed (forge import leaves them alone)", res.unmanaged)):
        if items:
            lines.append(f"{title}: {len(items)}")
            lines += [f"  {item}" for item in items[:40]]
            if len(items) > 40:
                lines.append(f"  ... and {len(items) - 40} more")
    lines.append("stages:")
    for s in STAGES:
        state = res.stages.get(s)
        lines.append(f"  {s:<16} {'pass' if state else 'FAIL' if state is False else 'not run'}")
    for s in STAGES:
        if s in res.details:
            lines.append(f"-- first differences / output of {s}:")
            lines.append(res.details[s])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", type=Path, help="schema dumps (.sql) to run")
    ap.add_argument("--keep", action="store_true", help="keep the databases for a look afterwards")
    ap.add_argument("--lines", type=int, default=30, help="lines of each first-differences excerpt")
    args = ap.parse_args(argv)
    DIFF_LINES[0] = args.lines
    srv = server()
    results = [run_one(srv, p, keep=args.keep) for p in args.paths]
    for res in results:
        print(report(res))
        print()
    print("summary:", ", ".join(f"{Path(r.path).name}: {'pass' if r.passed else 'FAIL'}" for r in results))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
