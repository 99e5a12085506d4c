"""Pass rate over other tools' test corpora of (old schema SQL, new schema SQL) cases.

    python bench/peer_corpus.py PGSCHEMA [--only KIND[/CASE]] [-v]

PGSCHEMA is pgschema's repository (github.com/pgplex/pgschema, Apache-2.0): a checkout or a
bare git directory (read with ``git show HEAD:...``, nothing checked out). Without it, the
script clones it once into ``~/.cache/schemaforge-bench/pgschema`` (``git clone --depth 1``).
Its files are never copied into this repository. Each ``testdata/diff/<kind>/<case>/`` with an
``old.sql`` and a ``new.sql`` is one pair: current = old.sql, desired = new.sql; the folder
``<kind>`` is the kind. Runs on the embedded server, or on DATABASE_URL's server (the cases
create the roles they grant to, cluster-wide, with ``CREATE ROLE``).

Each pair goes through ``bench/corpus_rate.py``'s pipeline (plan, apply up, compare with the
desired database by our introspection and a normalized pg_dump, apply down, compare with
current) and is classified:

- ``pass``;
- ``out of scope``: PostgreSQL refuses old.sql or new.sql on this server (a missing extension
  counted apart), or either holds an object schemaforge deliberately leaves alone (what
  ``forge import`` warns about: ``inspect.unmanaged_objects``), or new.sql adds a column
  before existing ones (PostgreSQL adds columns at the end; the case then differs from its
  desired database in column order only, docs/verify.md);
- ``fail`` with the first line of the first error.

Prints passed/total per kind, per scope group (functions, triggers, policies and grants
counted apart), the out-of-scope reasons and the failures.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from corpus_rate import first_line, print_rates, scratch

CACHE = Path.home() / ".cache" / "schemaforge-bench"
PGSCHEMA_URL = "https://github.com/pgplex/pgschema"
DIFF = "testdata/diff"
# The scope groups: pgschema's folder names per group
GROUPS = {
    "functions": ("create_function", "create_procedure", "create_aggregate"),
    "triggers": ("create_trigger",),
    "policies": ("create_policy",),
    "grants": ("privilege", "default_privilege"),
}


@dataclass(frozen=True)
class Case:
    kind: str
    name: str
    current: str
    desired: str


class Repo:
    """A repository's files read from a checkout or (no work tree) from a git directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bare = not (path / DIFF).is_dir()

    def files(self, under: str) -> list[str]:
        if not self.bare:
            return sorted(str(p.relative_to(self.path)) for p in (self.path / under).rglob("*") if p.is_file())
        out = self._git("ls-tree", "-r", "--name-only", "HEAD", under)
        return sorted(out.splitlines())

    def read(self, name: str) -> str:
        return (self.path / name).read_text() if not self.bare else self._git("show", f"HEAD:{name}")

    def _git(self, *args: str) -> str:
        return subprocess.run(["git", "--git-dir", str(self.path), *args], check=True,
                              capture_output=True, text=True).stdout


def pgschema_cases(repo: Repo) -> list[Case]:
    """A case's optional ``setup.sql`` (extensions, other schemas' types) runs before both its
    old.sql and its new.sql, as pgschema's own harness does; ``HARNESS`` stands in for the
    role its harness connects as, which some cases grant to."""
    names = set(repo.files(DIFF))
    cases = []
    for old in sorted(n for n in names if n.endswith("/old.sql")):
        folder = old.removesuffix("/old.sql")
        if f"{folder}/new.sql" not in names:
            continue
        setup = HARNESS + (repo.read(f"{folder}/setup.sql") if f"{folder}/setup.sql" in names else "")
        kind, _, name = folder.removeprefix(DIFF + "/").partition("/")
        cases.append(Case(kind, name, setup + "\n" + repo.read(old), setup + "\n" + repo.read(f"{folder}/new.sql")))
    return cases


HARNESS = """DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'testuser') THEN CREATE ROLE testuser; END IF;
END $$;
"""


def repository(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    path = CACHE / "pgschema"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "clone", "-q", "--depth", "1", PGSCHEMA_URL, str(path)], check=True)
    return path


_EXTENSION = re.compile(r'extension "[^"]+" is not available|could not open extension control file')


def run_case(fresh, case: Case) -> tuple[str, str]:
    """``(outcome, detail)``: ``pass``, ``scope`` with the reason, or ``fail`` with the error."""
    import psycopg

    from schemaforge.inspect.unmanaged import unmanaged_objects
    from tests.pairs import load_pair, roundtrip_loaded

    try:
        cur_url, des_url = load_pair(fresh, case.current, case.desired)
    except psycopg.Error as exc:
        reason = "needs an extension we lack" if _EXTENSION.search(str(exc)) else "PostgreSQL refuses the SQL"
        return "scope", f"{reason}: {first_line(exc)}"
    left = []
    for url in (cur_url, des_url):
        with psycopg.connect(url) as conn:
            left += unmanaged_objects(conn)
    if left:
        return "scope", "not managed: " + left[0]
    try:
        roundtrip_loaded(cur_url, des_url)
    except Exception as exc:  # noqa: BLE001 (a failing case is data here)
        if "reach desired" in str(exc) and _only_column_order(cur_url, des_url):
            return "scope", "column order: PostgreSQL adds a column at the end (docs/verify.md)"
        return "fail", first_line(exc) + _difference(cur_url, des_url, str(exc))
    return "pass", ""


def _only_column_order(cur_url: str, des_url: str) -> bool:
    """True when the database after up differs from the desired one only in where columns
    sit: the desired schema adds a column before existing ones, which no ADD COLUMN can."""
    from dataclasses import replace

    from tests.pairs import inspect_url

    def by_name(db):
        return replace(db, tables=tuple(replace(t, columns=tuple(sorted(t.columns, key=lambda c: c.name)))
                                        for t in db.tables))

    return by_name(inspect_url(cur_url)) == by_name(inspect_url(des_url))


def _difference(cur_url: str, des_url: str, error: str) -> str:
    """Where the database a failed step left differs from the one it aimed at: the first
    lines of the pg_dump diff (after up: against desired; after down: against current)."""
    import difflib

    from tests.conftest import pg_dump_schema

    if "after up" not in error and "reach desired" not in error:
        return ""
    diff = difflib.unified_diff(pg_dump_schema(des_url).splitlines(), pg_dump_schema(cur_url).splitlines(),
                                "desired", "after up", n=0, lineterm="")
    lines = [d for d in diff if d[:1] in "+-" and d[:3] not in ("+++", "---")]
    return (" | " + " / ".join(x.strip() for x in lines[:4])) if lines else ""


def _reason(detail: str) -> str:
    """An out-of-scope detail without its object's name, to count alike reasons together."""
    if detail.startswith("not managed: "):
        return "not managed: " + detail.split()[2]
    return detail.split(":", 1)[0]


def group_of(kind: str) -> str:
    return next((g for g, kinds in GROUPS.items() if kind in kinds), "other")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", nargs="?", help="pgschema checkout or git directory")
    parser.add_argument("--only", help="KIND or KIND/CASE")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each case as it runs")
    args = parser.parse_args()
    cases = [c for c in pgschema_cases(Repo(repository(args.repo)))
             if not args.only or args.only in (c.kind, f"{c.kind}/{c.name}")]
    by_kind: dict[str, list[bool]] = defaultdict(list)
    by_group: dict[str, list[bool]] = defaultdict(list)
    scope: Counter[str] = Counter()
    out: list[str] = []
    started = time.perf_counter()
    with scratch() as (version, fresh):
        for case in cases:
            outcome, detail = run_case(fresh, case)
            if args.verbose:
                print(outcome, f"{case.kind}/{case.name}", detail, flush=True)
            if outcome == "scope":
                scope[_reason(detail)] += 1
                out.append(f"SCOPE {case.kind}/{case.name}: {detail}")
                continue
            by_kind[case.kind].append(outcome == "pass")
            by_group[group_of(case.kind)].append(outcome == "pass")
            if outcome == "fail":
                out.append(f"FAIL  {case.kind}/{case.name}: {detail}")
    note = f"pgschema, server {version}, {time.perf_counter() - started:.0f} s"
    print("per kind (pgschema's folders; out-of-scope cases not counted):")
    print_rates(by_kind, note)
    print("\nper scope group:")
    print_rates(by_group, note)
    passed = sum(sum(v) for v in by_kind.values())
    ran = sum(len(v) for v in by_kind.values())
    print(f"\npgschema: {passed}/{len(cases)} pass, {sum(scope.values())} out of scope, {ran - passed} fail")
    for reason, n in scope.most_common():
        print(f"  out of scope {n:3d}  {reason}")
    for line in out:
        print(line)


if __name__ == "__main__":
    sys.exit(main())
