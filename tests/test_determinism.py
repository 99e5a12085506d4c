"""Plans are deterministic: the same database and YAML give the same bytes under any hash seed.

Python randomizes ``str`` hashes per process (``PYTHONHASHSEED``), so iterating a set of names
gives another order in every run. Each ``forge`` command below runs in its own process under
several seeds, in a fresh copy of the project (no ``.forge/`` cache carried over), and its
output must be byte-identical across them: ``forge import`` (the YAML files), ``forge plan``
(text, and the ``--out`` plan file with the up and down SQL) and ``forge generate`` (the migration files).

The schema is built so that every kind of change comes several times in one plan: comments on
several schemas, constraints and indexes, several altered sequences, enums, checks, indexes,
views over a changed column, policies and their roles.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_sql

REPO = Path(__file__).parents[1]
SEEDS = ("0", "1", "2", "3", "4", "123")
SCHEMAS = ("sa", "sb", "sc", "sd", "se")


def _table(schema: str, name: str, comment_tag: str, col_type: str = "integer") -> str:
    """A table with four checks, four indexes and two uniques, all commented."""
    cols = ", ".join(f"{c} {col_type} CONSTRAINT {name}_{c}_pos CHECK ({c} > 0)" for c in "abcd")
    sql = [f"CREATE TABLE {schema}.{name} (id bigint PRIMARY KEY, {cols}, note text,"
           f" CONSTRAINT {name}_ab_key UNIQUE (a, b), CONSTRAINT {name}_cd_key UNIQUE (c, d));"]
    for c in "abcd":
        sql.append(f"CREATE INDEX {name}_{c}_idx ON {schema}.{name} ({c});")
        sql.append(f"COMMENT ON INDEX {schema}.{name}_{c}_idx IS 'index {c} {comment_tag}';")
        sql.append(f"COMMENT ON CONSTRAINT {name}_{c}_pos ON {schema}.{name} IS 'check {c} {comment_tag}';")
    for k in ("ab", "cd"):
        sql.append(f"COMMENT ON CONSTRAINT {name}_{k}_key ON {schema}.{name} IS 'unique {k} {comment_tag}';")
    return "\n".join(sql)


def _database(version: int) -> str:
    tag = f"v{version}"
    sql = []
    for s in SCHEMAS:
        sql.append(f"CREATE SCHEMA {s}; COMMENT ON SCHEMA {s} IS 'schema {s} {tag}';")
        for i in range(1, 4):
            opts = "" if version == 1 else f" INCREMENT {i + 1} MAXVALUE {1000 * i} CACHE {i}"
            sql.append(f"CREATE SEQUENCE {s}.seq{i}{opts};")
        labels = "'ok', 'sad'" if version == 1 else "'ok', 'sad', 'happy', 'tired'"
        sql.append(f"CREATE TYPE {s}.mood AS ENUM ({labels});")
        sql.append(_table(s, "item", tag, "integer" if version == 1 else "bigint"))
        sql.append(_table(s, "thing", tag))
        sql.append(f"CREATE VIEW {s}.item_view AS SELECT id, a, b FROM {s}.item;")
        sql.append(f"CREATE VIEW {s}.thing_view AS SELECT id, c, d FROM {s}.thing;")
        roles = "" if version == 1 else " TO pg_signal_backend, pg_monitor, pg_read_all_stats"
        sql.append(f"CREATE POLICY item_a ON {s}.item{roles} USING (a > {version});")
        if version == 2:
            sql.append(_table(s, "extra", tag))
            sql.append(f"ALTER TABLE {s}.thing ADD COLUMN mood {s}.mood;")
            sql.append(f"CREATE INDEX thing_note_idx ON {s}.thing (note);")
            sql.append(f"CREATE INDEX item_note_idx ON {s}.item (note);")
            sql.append(f"ALTER TABLE {s}.item ADD CONSTRAINT item_note_len CHECK (length(note) < 100);")
            sql.append(f"ALTER TABLE {s}.thing ENABLE ROW LEVEL SECURITY;")
            sql.extend(f"CREATE POLICY thing_{c} ON {s}.thing FOR SELECT USING ({c} > 0);" for c in "dcba")
            sql.append(f"CREATE VIEW {s}.both_view AS SELECT i.id, t.mood FROM {s}.item i JOIN {s}.thing t USING (id);")
    return "\n".join(sql)


def _forge(cwd: Path, url: str, seed: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO), "DATABASE_URL": url,
           "NO_COLOR": "1", "COLUMNS": "200", "CI": "1"}
    res = subprocess.run([sys.executable, "-m", "schemaforge", *args], cwd=cwd, env=env,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, f"forge {' '.join(args)} (PYTHONHASHSEED={seed}):\n{res.stdout}{res.stderr}"
    return res


def _fresh_project(base: Path, name: str, schema: Path | None = None) -> Path:
    root = base / name
    (root / "migrations").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "0"\n\n[tool.schemaforge]\n')
    if schema is not None:
        shutil.copytree(schema, root / "schema")
    else:
        (root / "schema").mkdir()
    return root


def _tree(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def _migrations(directory: Path) -> dict[str, bytes]:
    """Migration files without their timestamp (file name prefix and ``-- version:`` line)."""
    return {
        re.sub(r"^\d{14}_", "", p.name): re.sub(rb"(?m)^-- version: \d{14}$", b"-- version: V", p.read_bytes())
        for p in sorted(directory.glob("*.sql"))
    }


def _differ(results: dict[str, object], what: str) -> list[str]:
    """``what`` and the seeds whose result differs from the first seed's, if any."""
    differ = [seed for seed, r in results.items() if r != results[SEEDS[0]]]
    return [f"{what}: PYTHONHASHSEED={SEEDS[0]} != {', '.join(differ)}"] if differ else []


def test_plan_and_generate_are_identical_under_any_hash_seed(tmp_path, db_url, make_db):
    source = make_db()
    run_sql(source, _database(2))
    run_sql(db_url, _database(1))

    imported: dict[str, dict[str, bytes]] = {}
    for seed in SEEDS:
        root = _fresh_project(tmp_path, f"import-{seed}")
        _forge(root, source, seed, "import", "--out", "schema", "--force")
        imported[seed] = _tree(root / "schema")
    assert not _differ(imported, "forge import")
    schema = tmp_path / f"import-{SEEDS[0]}" / "schema"

    texts, plan_files, migrations = {}, {}, {}
    for seed in SEEDS:
        root = _fresh_project(tmp_path, f"plan-{seed}", schema)
        texts[seed] = _forge(root, db_url, seed, "plan", "--out", "plan.json").stdout
        plan_files[seed] = (root / "plan.json").read_bytes()
        root = _fresh_project(tmp_path, f"generate-{seed}", schema)
        _forge(root, db_url, seed, "generate", "evolve")
        migrations[seed] = _migrations(root / "migrations")
    plan = plan_files[SEEDS[0]].decode()
    for kind in ("COMMENT ON SCHEMA", "ALTER SEQUENCE", "COMMENT ON INDEX", "COMMENT ON CONSTRAINT", "CREATE VIEW"):
        assert plan.count(kind) >= 5, kind  # several of each in one plan: their order is what is tested
    [migration] = migrations[SEEDS[0]].values()  # one generate, one file
    assert migration.count(b"-- +step transaction") >= 4  # enum labels in their own step, up and down
    problems = [
        *_differ(texts, "forge plan (text)"),
        *_differ(plan_files, "forge plan --out (plan file)"),
        *_differ(migrations, "forge generate (migration files)"),
    ]
    assert not problems, "\n".join(problems)
