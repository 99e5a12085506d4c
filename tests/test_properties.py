"""Property tests for the whole pipeline: random schemas, random edits, real PostgreSQL.

Each example draws a schema A (YAML, :mod:`tests.propgen`), then an edit of it, B. Through
``sync``, and through ``generate`` + ``apply`` + ``rollback``, afterwards the plan is empty and
the database equals B (or A after the rollback) by our introspection *and* by a normalized
``pg_dump --schema-only`` of a database built from B directly (pg_dump is the independent eye:
every example runs it). Imported YAML validates and plans empty.

**Two benches.** Most examples run in-process on a per-worker :class:`tests.proplab.Lab`
(databases emptied between examples, normalization's cache and workspace warm, the functions
the commands call); fewer run the full CLI through click on fresh databases in a fresh project,
as before, so nothing the commands add goes untested.

**Example counts.** ``FORGE_PROPERTY_EXAMPLES`` is the total over this module's default run
(default 2,000, what the README's ``pytest`` and CI run), split by :data:`SHARES`, chosen by
cost; the big properties are split into shards (one test each, distinct seeds) so xdist can
spread them over its workers. ``pytest -m slow tests/test_properties.py`` runs 10× as many,
on other seeds. Examples are derandomized, so CI replays what passed here; for a long hunt,
``FORGE_PROPERTY_EXAMPLES=20000 pytest -m slow tests/test_properties.py`` (200,000).

**Cost** (embedded PostgreSQL 18, this 2-core machine, 3 December 2026, while five other
sessions ran their own tests: load average 5-8). The full-CLI form of a sync example costs
2.8-3.1 s (profiled: DROP DATABASE ~0.34 s and CREATE DATABASE ~0.12 s twice each, a cold
normalization per project, three CLI syncs of ~0.45 s, catalog reads of ~50 ms, pg_dump of
~0.1 s each); the same steps in-process ~0.7 s at load 3.7, and this module's in-process sync
example ~1.4 s at load 7, where ~45% is our own catalog reads (``inspect_database``, ~15 per
example: sync and normalization read back what they create) and ~15% pg_dump.
``pytest tests/test_properties.py -n 2`` took 121 s with ``FORGE_PROPERTY_EXAMPLES=100`` (load
~6; worker time per example: sync 2.0-2.6 s, migrations 2.0-2.7 s, import 1.0-1.2 s) and 304 s
with 200 (load ~8: 3.1-3.5, 2.9-4.6, 1.0-1.4 s; full CLI 4-14 s). One worker alone (``-n 1``,
load ~5) ran the default count of two shards in 307 s: sync 200 examples in 216 s (1.1 s each),
import 260 in 91 s (0.35 s each). Time scales linearly with the count: the default 2,000 needs
~30-50 min of such a busy machine; on an idle one expect about a third of that (the same
example ran 3-4 times faster at load 2.5-3.7).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings

from tests.conftest import Project, ok, plan_json
from tests.propgen import pairs, schemas
from tests.proplab import Lab, assert_same, lab_for, yaml_text

TOTAL = int(os.environ.get("FORGE_PROPERTY_EXAMPLES", "2000"))
SLOW_FACTOR = 10
# (share of TOTAL, shards) per property; the shares add up to 1.
SHARES = {
    "sync": (0.40, 4),
    "migrations": (0.20, 4),
    "import": (0.39, 3),
    "cli_sync": (0.005, 1),
    "cli_migrations": (0.005, 1),
}


def examples(prop: str, factor: int = 1) -> int:
    """Examples per shard of ``prop``."""
    share, shards = SHARES[prop]
    return max(1, round(TOTAL * factor * share / shards))


@pytest.fixture(scope="session")
def lab(pg_server, template_db):
    with lab_for(pg_server, template_db) as lab:
        yield lab


# --- the properties, in-process ---------------------------------------------------------------


def sync_lands_exactly(lab: Lab, pair: tuple[dict, dict]) -> None:
    """A database holding A, synced to B, plans empty and equals B built directly."""
    a, b = pair
    lab.reset()
    lab.create(a)
    lab.sync(b)
    lab.assert_plan_empty(b)
    assert_same(lab.state(), lab.built_directly(b))


def migrations_land_and_roll_back(lab: Lab, pair: tuple[dict, dict]) -> None:
    """A database holding A: generate + apply land on B exactly; rollback lands on A exactly."""
    a, b = pair
    lab.reset()
    lab.create(a)
    state_a = lab.state()
    written = lab.generate("b", b)
    assert len(lab.apply()) == (1 if written else 0)
    lab.assert_plan_empty(b)
    assert_same(lab.state(), lab.built_directly(b))
    if written:  # an edit that changes nothing writes no migration, and there is nothing to undo
        assert len(lab.rollback(1)) == 1
        assert_same(lab.state(), state_a)
        lab.assert_plan_empty(a)


def import_plans_empty(lab: Lab, doc: dict) -> None:
    """``forge import`` of a database holding the schema writes YAML that validates and plans empty."""
    lab.reset()
    lab.create(doc)
    texts, notes = lab.import_files()
    assert notes == []
    imported = model_of_files(texts)  # validates, as `forge validate` does
    plan = lab.plan_model(imported)
    assert plan.empty, "plan after import not empty:\n" + "\n".join(plan.up)


def model_of_files(texts: dict[str, str]):
    from schemaforge.entities import load_texts

    return load_texts(texts)


# --- the same, through the CLI on fresh databases -----------------------------------------------


@contextmanager
def workspace(pg_server, template_db, monkeypatch):
    """A project directory and an empty database for one example; both removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="forge-prop-"))
    name = f"forge_prop_{uuid.uuid4().hex[:12]}"
    pg_server.create_database(name, template=template_db)
    try:
        yield Project(root, pg_server.url_for(name), monkeypatch)
    finally:
        pg_server.drop_database(name)
        shutil.rmtree(root, ignore_errors=True)


def _plan_empty(project: Project) -> None:
    doc = plan_json(project)
    assert doc["changes"] == [], "plan not empty:\n" + "\n".join(doc["up"])


def _state(url: str):
    from tests.conftest import pg_dump_schema
    from tests.pairs import inspect_url

    return inspect_url(url), pg_dump_schema(url)


def cli_sync_lands_exactly(env, pair: tuple[dict, dict]) -> None:
    pg_server, template_db, mp, lab = env
    a, b = pair
    with workspace(pg_server, template_db, mp) as p:
        p.schema(yaml_text(a))
        ok(p.forge("sync"))
        _plan_empty(p)
        p.schema(yaml_text(b))
        ok(p.forge("sync", "--allow-destructive"))
        _plan_empty(p)
        got = _state(p.db_url)
    with workspace(pg_server, template_db, mp) as ref:
        ref.schema(yaml_text(b))
        ok(ref.forge("sync"))
        assert_same(got, _state(ref.db_url))


def cli_migrations_land_and_roll_back(env, pair: tuple[dict, dict]) -> None:
    pg_server, template_db, mp, lab = env
    a, b = pair
    with workspace(pg_server, template_db, mp) as p:
        p.schema(yaml_text(a))
        ok(p.forge("generate", "a"))
        ok(p.forge("apply"))
        _plan_empty(p)
        state_a = _state(p.db_url)
        p.schema(yaml_text(b))
        before = set((p.root / "migrations").glob("*.sql"))
        ok(p.forge("generate", "b", "--allow-destructive"))
        written = set((p.root / "migrations").glob("*.sql")) - before
        ok(p.forge("apply"))
        _plan_empty(p)
        lab.reset()
        assert_same(_state(p.db_url), lab.built_directly(b))
        if written:
            ok(p.forge("rollback", "--steps", str(len(written)), "--allow-destructive"))
            assert_same(_state(p.db_url), state_a)
            p.schema(yaml_text(a))
            _plan_empty(p)
        shutil.rmtree(p.root / "schema")
        ok(p.forge("import", "--out", "schema"))
        ok(p.forge("validate"))
        _plan_empty(p)


@pytest.fixture
def env(pg_server, template_db, monkeypatch, lab):
    return pg_server, template_db, monkeypatch, lab


# --- the tests: each property in shards, each shard on its own seed -------------------------------


def _test(name: str, body: Callable, fixture: str, strategy, count: int, shard_seed: int, *, slow: bool):
    """A hypothesis test named ``name`` running ``body(fixture, case)`` on ``count`` examples."""

    def test(request, case):
        body(request.getfixturevalue(fixture), case)

    test.__name__ = test.__qualname__ = name
    test.__doc__ = body.__name__.replace("_", " ")
    test = given(case=strategy)(test)
    test = seed(shard_seed)(test)
    test = settings(max_examples=count, deadline=None, derandomize=True, database=None, print_blob=True,
                    suppress_health_check=list(HealthCheck))(test)
    return pytest.mark.slow(test) if slow else test


PROPERTIES = {
    "sync": (sync_lands_exactly, "lab", pairs()),
    "migrations": (migrations_land_and_roll_back, "lab", pairs()),
    "import": (import_plans_empty, "lab", schemas()),
    "cli_sync": (cli_sync_lands_exactly, "env", pairs()),
    "cli_migrations": (cli_migrations_land_and_roll_back, "env", pairs()),
}

for _prop, (_body, _fixture, _strategy) in PROPERTIES.items():
    for _shard in range(SHARES[_prop][1]):
        for _slow, _factor in ((False, 1), (True, SLOW_FACTOR)):
            _name = f"test_{_body.__name__}{'_slow' if _slow else ''}_{_shard}"
            globals()[_name] = _test(_name, _body, _fixture, _strategy, examples(_prop, _factor),
                                     (1000 if _slow else 0) + _shard, slow=_slow)


def test_counts_add_up():
    """The default run holds FORGE_PROPERTY_EXAMPLES examples (2,000 unless told), give or take rounding
    (at most one per property)."""
    assert sum(SHARES[p][0] for p in SHARES) == pytest.approx(1)
    assert sum(examples(p) * SHARES[p][1] for p in SHARES) >= TOTAL - len(SHARES)
