"""The benchmark's schema generator (``bench/schemagen.py``) says what it makes, byte for byte.

``bench/perf.py`` judges every tool by the changes the generator says it made, so the generator
itself is checked here on the real server: its output is the same bytes under any hash seed,
both sides validate, the base YAML against a database loaded from the base SQL plans nothing,
and the variant plans exactly the tables the generator changed, with the kind it changed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ok, run_sql

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import peers  # noqa: E402
import schemagen  # noqa: E402

N = 80  # every kind of difference once (8 kinds, every 10th table)


def _generate(out: Path, seed: str) -> dict[str, bytes]:
    subprocess.run([sys.executable, str(BENCH / "schemagen.py"), "--tables", "30", "--out", str(out)],
                   env={**os.environ, "PYTHONHASHSEED": seed}, check=True, capture_output=True)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_same_bytes_under_any_hash_seed(tmp_path):
    first, second = _generate(tmp_path / "a", "1"), _generate(tmp_path / "b", "2")
    assert sorted(first) == ["base.sql", "base/part000.yaml", "variant.sql", "variant/part000.yaml"]
    assert first == second


def test_every_kind_of_difference_once():
    assert schemagen.expected_facts(N) == [
        ("t00000", "column"), ("t00010", "column"), ("t00020", "column"), ("t00030", "index"),
        ("t00040", "check"), ("t00050", "comment"), ("t00060", "table-"), ("t00070x", "table+"),
    ]
    assert len(schemagen.tables(N, variant=False)) == N
    assert len(schemagen.tables(N, variant=True)) == N  # one dropped, one added


def _use(project, gen: Path, side: str) -> None:
    shutil.rmtree(project.root / "schema")
    shutil.copytree(gen / side, project.root / "schema")


def test_both_sides_validate(offline_project, tmp_path):
    schemagen.write_all(tmp_path / "gen", N)
    for side, tables in (("base", N), ("variant", N)):
        _use(offline_project, tmp_path / "gen", side)
        res = ok(offline_project.forge("validate"))
        assert res.output.strip() == f"✓ schema/ is valid: {tables} tables, 0 enums, 0 views"


def test_base_plans_nothing_and_variant_plans_exactly_the_generated_changes(project, tmp_path):
    gen = tmp_path / "gen"
    schemagen.write_all(gen, N)
    run_sql(project.db_url, (gen / "base.sql").read_text())

    _use(project, gen, "base")
    res = ok(project.forge("plan"))
    assert res.output.strip() == "✓ No changes: the database matches the schema."

    _use(project, gen, "variant")
    res = project.forge("plan", "--format", "json")
    assert res.exit_code == 0, res.output
    assert peers.forge_facts(res.stdout) == schemagen.expected_facts(N)
    changed = {c["subject"] for c in json.loads(res.stdout)["changes"]}
    assert len(changed) == N // 10


def test_peer_outputs_reduce_to_facts():
    migra = ('alter table "public"."t00060" drop constraint "t00060_parent_fk";\n\n'
             'drop index if exists "public"."t00030_name_idx";\n\n'
             'drop table "public"."t00060";\n\n'
             'create table "public"."t00070x" (\n    "id" bigint not null\n);\n\n'
             'alter table "public"."t00020" alter column "name" set data type character varying(200);\n\n'
             'CREATE INDEX t00030_created_idx ON public.t00030 USING btree (created_at);\n\n'
             'alter table "public"."t00040" add constraint "t00040_qty_check" CHECK ((qty >= 1)) not valid;\n\n'
             'comment on table "public"."t00050" is \'x\';\n')
    assert peers.migra_facts(migra) == [("t00020", "column"), ("t00030", "index"), ("t00040", "check"),
                                        ("t00050", "comment"), ("t00060", "table-"), ("t00070x", "table+")]
    alembic = json.dumps({"diffs": [["add_column", "t00000"], ["add_index", "t00070x"], ["add_table", "t00070x"],
                                    ["add_table_comment", "t00050"], ["remove_fk", "t00001"]], "seconds": 0.1})
    assert peers.alembic_facts(alembic) == [("t00000", "column"), ("t00001", "fk"), ("t00050", "comment"),
                                            ("t00070x", "table+")]
