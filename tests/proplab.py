"""The property tests' bench: the pipeline called in-process on databases kept per worker.

One example through the CLI costs 2-4 s, and most of it is not under test: CREATE DATABASE
and DROP DATABASE (a checkpoint each), a cold normalization cache in a fresh project, click's
runner. A :class:`Lab` keeps one project directory (so normalization's cache and workspace stay
warm, as in a developer's checkout) and two databases per worker, emptied between examples
with the statement normalization's own workspaces use, and calls what the commands call:
``sync``, ``plan_against``, ``generate``'s ``consent`` and ``write_checked``, the runner's ``apply`` and
``rollback``. What the CLI adds on top (option parsing, output) is covered by the full-CLI
examples in ``tests/test_properties.py`` and by ``tests/test_cli.py``.
"""

from __future__ import annotations

import difflib
import functools
import json
import pprint
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import psycopg

from schemaforge.config import Config, load_config
from schemaforge.database.session import EMPTY_DATABASE, Server, execute_script
from schemaforge.database.targets import Target
from schemaforge.entities import load_texts
from schemaforge.entities.roundtrip import import_model
from schemaforge.inspect import inspect_database, unmanaged_objects
from schemaforge.migrations import files, generate, runner
from schemaforge.model import Database
from schemaforge.normalize import creation_statements, normalize
from schemaforge.planner import Plan, cache_dir, normalizing_server, plan_against
from schemaforge.reading import excluded_schemas
from schemaforge.sync import sync
from tests.conftest import pg_dump_schema

State = tuple[Database, str]
CACHE_EXAMPLES = 100  # our introspection, normalized pg_dump


class Quiet:
    """A runner reporter that keeps the events (a failing example shows them)."""

    def __init__(self) -> None:
        self.events: list[object] = []

    def event(self, e: object) -> None:
        self.events.append(e)


def model(doc: dict) -> Database:
    """The YAML model of ``doc`` (JSON is YAML), through the loader ``forge`` uses."""
    return _model_of(yaml_text(doc))


@functools.lru_cache(maxsize=8)
def _model_of(text: str) -> Database:
    """Loading costs ~10-30 ms and an example loads each document up to four times: once is enough
    (models are frozen)."""
    return load_texts({"app.yaml": text})


def yaml_text(doc: dict) -> str:
    """``doc`` as a YAML file: JSON with the characters themselves (json's ``\\ud83e\\udd80`` escapes
    of characters outside the BMP are two lone surrogates to a YAML loader: see
    tests/test_property_finds.py)."""
    return json.dumps(doc, indent=1, ensure_ascii=False)


@dataclass
class Lab:
    """A project and two databases (``target``, ``reference``) that live for a worker."""

    server: Server
    root: Path
    target: str
    reference: str
    examples: int = 0

    @property
    def config(self) -> Config:
        return load_config(cwd=self.root)

    def reset(self) -> None:
        """Both databases empty, no migration files: as fresh as a new database, in milliseconds.

        Every ``CACHE_EXAMPLES`` examples the normalization cache starts afresh: it is one pickle,
        read and written whole by every normalization, and random schemas only ever add to it.
        """
        self.examples += 1
        if self.examples % CACHE_EXAMPLES == 0:
            shutil.rmtree(cache_dir(self.config), ignore_errors=True)
        for url in (self.target, self.reference):
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(EMPTY_DATABASE)
        mdir = self.config.migrations_dir
        shutil.rmtree(mdir, ignore_errors=True)
        mdir.mkdir()

    # --- what the commands do -----------------------------------------------------------------

    def sync(self, doc: dict, url: str | None = None) -> Plan:
        """``forge sync --allow-destructive``."""
        url = url or self.target
        return sync(self.config, url, Target(url, "property test"), model(doc), allow_destructive=True)

    def plan(self, doc: dict) -> Plan:
        """``forge plan`` against the target."""
        return self.plan_model(model(doc))

    def plan_model(self, desired: Database) -> Plan:
        return plan_against(self.config, self.target, desired)[0]

    def assert_plan_empty(self, doc: dict) -> None:
        plan = self.plan(doc)
        assert plan.empty, "plan not empty:\n" + "\n".join(plan.up)

    def generate(self, name: str, doc: dict) -> Path | None:
        """``forge generate NAME --allow-destructive``: the file written, or None when nothing changes."""
        config = self.config
        state = generate.folder_state(config.migrations_dir)
        runner.verify_manifest(config.migrations_dir)
        plan = generate.plan_against_target(config, self.target, model(doc), files.load_all(config.migrations_dir),
                                            None)
        if plan.empty:
            return None
        generate.consent(plan, allow_destructive=True, url=self.target)
        with generate.folder_lock(config.migrations_dir):
            return generate.write_checked(config.migrations_dir, name, plan, state, None)

    def apply(self) -> list:
        return runner.apply(self.config, self.target, Quiet())

    def rollback(self, steps: int) -> list:
        """``forge rollback --steps N --allow-destructive``."""
        return runner.rollback(self.config, self.target, Quiet(), consent=lambda statements, what: None,
                               steps=steps)

    def import_files(self) -> tuple[dict[str, str], list[str]]:
        """``forge import``'s files for the target, and what it would leave unmanaged or warn about."""
        config = self.config
        with psycopg.connect(self.target) as conn:
            db = inspect_database(conn, None, exclude_schemas=excluded_schemas(config))
            unmanaged = unmanaged_objects(conn, None, exclude_schemas=excluded_schemas(config))
        result = import_model(db, default_schema=config.default_schema, layout="table")
        return result.files, [*unmanaged, *result.problems]

    # --- what the tests compare ----------------------------------------------------------------

    def state(self, url: str | None = None) -> State:
        url = url or self.target
        with psycopg.connect(url) as conn:
            db = inspect_database(conn)
        return db, pg_dump_schema(url)

    def create(self, doc: dict, url: str | None = None) -> None:
        """``doc`` built straight into an empty database: the normalized model's CREATE statements
        (what a sync or a first migration into an empty database renders), in one transaction."""
        url = url or self.target
        config = self.config
        desired = normalize(model(doc), normalizing_server(url, None, config), None, cache_dir=cache_dir(config))
        with psycopg.connect(url) as conn:
            execute_script(conn, creation_statements(desired))

    def built_directly(self, doc: dict) -> State:
        """The reference: ``doc`` created in the empty reference database, read by both eyes."""
        self.create(doc, self.reference)
        return self.state(self.reference)


@contextmanager
def lab_for(server: Server, template: str) -> Iterator[Lab]:
    root = Path(tempfile.mkdtemp(prefix="forge-lab-"))
    (root / "schema").mkdir()
    (root / "migrations").mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "lab"\nversion = "0"\n\n[tool.schemaforge]\n')
    names = [f"forge_lab_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    for n in names:
        server.create_database(n, template=template)
    try:
        yield Lab(server, root, *(server.url_for(n) for n in names))
    finally:
        for n in names:
            server.drop_database(n)
        shutil.rmtree(root, ignore_errors=True)


def any_column_order(state: State) -> State:
    """A down re-adds a dropped column at the end, and so does an added column (PostgreSQL has no
    column positions to set): compare with columns in name order, and pg_dump's lines sorted
    within each statement."""
    db, dump = state
    db = replace(db, tables=tuple(replace(t, columns=tuple(sorted(t.columns, key=lambda c: c.name)))
                                  for t in db.tables))
    statements = [sorted(line.rstrip(",") for line in stmt.splitlines()) for stmt in re.split(r";\n", dump)]
    return db, "\n".join("\n".join(lines) for lines in sorted(statements))


def assert_same(got: State, want: State) -> None:
    """Equal by pg_dump and by introspection (columns in any order); on failure, a diff of each."""
    got, want = any_column_order(got), any_column_order(want)
    for what, g, w in (("pg_dump", got[1], want[1]),
                       ("introspection", pprint.pformat(got[0]), pprint.pformat(want[0]))):
        assert g == w, f"{what} differs:\n" + "\n".join(
            difflib.unified_diff(w.splitlines(), g.splitlines(), "want", "got", lineterm=""))
