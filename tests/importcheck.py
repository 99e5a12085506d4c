"""Round-trip checks other tests reuse: import a database, then plan or sync against it.

``forge import`` promises that importing a database and planning the imported YAML against
the same database is an empty plan. These helpers run the real CLI (no mocks) so any test
that builds a schema (the corpus, the examples) can assert that promise in one line.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from click.testing import CliRunner

from schemaforge.cli import cli
from schemaforge.database.session import connect
from schemaforge.inspect import inspect_database


def forge(workdir: Path, url: str, *args: str) -> tuple[int, str, str]:
    """Run ``forge`` in ``workdir`` against ``url``: (exit code, stdout, stderr)."""
    env = {"NO_COLOR": "1", "COLUMNS": "200", "DATABASE_URL": url, "CI": "1"}
    with contextlib.chdir(workdir):
        res = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def _workdir(workdir: Path, default_schema: str) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    pyproject = workdir / "pyproject.toml"
    if not pyproject.exists():
        pyproject.write_text(f'[project]\nname = "x"\nversion = "0"\n\n[tool.schemaforge]\n'
                             f'default_schema = "{default_schema}"\n')


def import_is_noop(url: str, workdir: Path, *, out: str = "imported", default_schema: str = "public",
                   schema_names: tuple[str, ...] = ()) -> Path:
    """Import ``url`` into ``workdir/out`` and assert the plan against ``url`` is empty.

    ``workdir`` gets a pyproject.toml with ``default_schema`` unless it has one. Returns the
    directory of imported YAML.
    """
    _workdir(workdir, default_schema)
    extra = [a for s in schema_names for a in ("--schema-name", s)]
    code, stdout, stderr = forge(workdir, url, "import", "--out", out, "--force", *extra)
    assert code == 0, f"forge import failed:\n{stdout}{stderr}"
    assert "does not validate" not in stderr, stderr
    code, stdout, stderr = forge(workdir, url, "plan", "--schema", out, "--format", "json")
    assert code == 0, f"forge plan failed:\n{stdout}{stderr}"
    plan = json.loads(stdout)
    assert not plan["changes"], "import then plan is not a no-op:\n" + json.dumps(plan, indent=2)[:6000]
    return workdir / out


def import_then_sync(desired_url: str, current_url: str, workdir: Path, *, default_schema: str = "public") -> None:
    """Import ``desired_url``, sync ``current_url`` to that YAML, assert both databases now match.

    The check the corpus runs: the imported YAML is a faithful description of ``desired``, so
    bringing any ``current`` database to it gives the same model (read by ``inspect``).
    """
    imported = import_is_noop(desired_url, workdir, default_schema=default_schema)
    code, stdout, stderr = forge(workdir, current_url, "sync", "--schema", imported.name, "--allow-destructive",
                                 "--force")
    assert code == 0, f"forge sync failed:\n{stdout}{stderr}"
    with connect(desired_url) as a, connect(current_url) as b:
        want, got = inspect_database(a), inspect_database(b)
    assert got == want
