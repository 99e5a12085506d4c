"""The conformance corpus: (current SQL, desired SQL) pairs under ``tests/corpus/<kind>/``.

Each ``*.sql`` file holds a ``-- current`` and a ``-- desired`` section (either may be
empty) and optionally a ``-- requires: <server_version_num>`` line for pairs that only make
sense on newer servers (PostgreSQL 18's named NOT NULL constraints). The folder is the
object kind, so the count per kind is the number of files in it.

:func:`corpus_pairs` is the one loader: every test that wants to run the corpus (the
round trip here; ``forge import`` later) parametrizes over it.

The round trip (in-process) runs every pair in the default run. Running ``forge`` itself for a
pair costs about six times as much, so the default run takes a deterministic sample of the
pairs through ``forge`` (:data:`CLI_SAMPLE`): every pair of the kinds whose migrations exercise
what only the command path does (``indexes``: CONCURRENTLY builds in steps without a
transaction and their rollback; ``partitions``: attach/detach and indexes that cannot be built
concurrently; ``combinations``: several kinds ordered in one migration), plus every 8th pair of
the corpus. ``pytest -m slow tests/test_corpus.py`` runs every pair through ``forge``.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from schemaforge.database.session import EMPTY_DATABASE
from tests.pairs import roundtrip

CORPUS = Path(__file__).parent / "corpus"
_SECTION = re.compile(r"^--\s*(current|desired)\s*$", re.M | re.I)
_REQUIRES = re.compile(r"^--\s*requires:\s*(\d+)\s*$", re.M)


@dataclass(frozen=True)
class Pair:
    kind: str
    name: str
    current: str
    desired: str
    requires: int = 0  # minimum server_version_num

    @property
    def id(self) -> str:
        return f"{self.kind}/{self.name}"


def parse_pair(path: Path) -> Pair:
    text = path.read_text()
    parts = _SECTION.split(text)
    sections = {parts[i].lower(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    if set(sections) != {"current", "desired"}:
        raise ValueError(f"{path}: needs a '-- current' and a '-- desired' section")
    m = _REQUIRES.search(text)
    return Pair(path.parent.name, path.stem, sections["current"], sections["desired"], int(m.group(1)) if m else 0)


def corpus_pairs() -> list[Pair]:
    return [parse_pair(p) for p in sorted(CORPUS.glob("*/*.sql"))]


PAIRS = corpus_pairs()


@pytest.fixture(scope="session")
def corpus_databases(pg_server, template_db):
    """Two databases per worker, created once and emptied before each use."""
    names = [f"forge_corpus_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    for name in names:
        pg_server.create_database(name, template=template_db)
    yield [pg_server.url_for(n) for n in names]
    for name in names:
        pg_server.drop_database(name)


@pytest.fixture
def fresh_db(corpus_databases):
    """A ``make_db`` for :func:`tests.pairs.roundtrip` that hands out the reused databases."""
    pool = iter(corpus_databases)

    def make() -> str:
        url = next(pool)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(EMPTY_DATABASE)  # milliseconds, where CREATE/DROP DATABASE checkpoint
        return url

    return make


@pytest.fixture(scope="session")
def version(corpus_databases) -> int:
    with psycopg.connect(corpus_databases[0]) as conn:
        return conn.info.server_version


def test_corpus_is_large_enough():
    assert len(PAIRS) >= 200


@pytest.mark.parametrize("pair", PAIRS, ids=[p.id for p in PAIRS])
def test_corpus_roundtrip(fresh_db, version, pair: Pair):
    if version < pair.requires:
        pytest.skip(f"needs server_version_num >= {pair.requires}")
    roundtrip(fresh_db, pair.current, pair.desired)


CLI_KINDS = ("combinations", "indexes", "partitions")
CLI_SAMPLE = [p for i, p in enumerate(PAIRS) if p.kind in CLI_KINDS or i % 8 == 0]


def _migration_files(workdir: Path) -> list[Path]:
    return sorted((workdir / "migrations").glob("*.sql"))


@pytest.mark.parametrize("pair", CLI_SAMPLE, ids=[p.id for p in CLI_SAMPLE])
def test_corpus_through_forge(fresh_db, version, tmp_path, pair: Pair):
    """The sample of the corpus through ``forge`` in the default run (see the module docstring)."""
    through_forge(fresh_db, version, tmp_path, pair)


@pytest.mark.slow
@pytest.mark.parametrize("pair", PAIRS, ids=[p.id for p in PAIRS])
def test_corpus_through_forge_all(fresh_db, version, tmp_path, pair: Pair):
    through_forge(fresh_db, version, tmp_path, pair)


def through_forge(fresh_db, version: int, tmp_path: Path, pair: Pair) -> None:
    """The issue's loop, as a user runs it: ``forge import`` the desired database, then
    ``forge generate`` + ``forge apply`` on the current one; compare; ``forge rollback``;
    compare with the current schema again (our introspection and pg_dump both)."""
    from tests.conftest import pg_dump_schema, run_sql
    from tests.importcheck import forge
    from tests.pairs import inspect_url

    if version < pair.requires:
        pytest.skip(f"needs server_version_num >= {pair.requires}")
    cur, des = fresh_db(), fresh_db()
    if pair.current:
        run_sql(cur, pair.current)
    if pair.desired:
        run_sql(des, pair.desired)
    before, dump_before = inspect_url(cur), pg_dump_schema(cur)
    # Schemas the YAML no longer mentions are only dropped when the project manages them.
    managed = sorted({s.name for s in before.schemas} | {s.name for s in inspect_url(des).schemas})
    # JSON strings are TOML basic strings: a quote or backslash in a schema name stays escaped
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.schemaforge]\nschema_dir = "schema"\nmanaged_schemas = {json.dumps(managed)}\n')
    (tmp_path / "migrations").mkdir()

    def run(url: str, *args: str) -> str:
        code, out, err = forge(tmp_path, url, *args)
        assert code == 0, f"forge {' '.join(args)} failed:\n{out}{err}"
        return out

    run(des, "import", "--out", "schema", "--force")
    run(cur, "generate", "change", "--allow-destructive")
    steps = len(_migration_files(tmp_path))
    run(cur, "apply")
    assert inspect_url(cur) == inspect_url(des)
    assert pg_dump_schema(cur) == pg_dump_schema(des)
    if steps:
        run(cur, "rollback", "--steps", str(steps), "--allow-destructive")
    assert inspect_url(cur) == before
    assert pg_dump_schema(cur) == dump_before
