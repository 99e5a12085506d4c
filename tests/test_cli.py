"""The command surface: init, --version, --help with examples, data-source resolution."""

from __future__ import annotations

import json

import pytest

from schemaforge import __version__
from schemaforge.cli import cli


def test_init_scaffolds_a_project_that_validates_and_plans(project):
    target = project.root / "new"
    res = project.forge("init", "--dir", "new")
    assert res.exit_code == 0, res.output
    for rel in ("schema/post.yaml", "migrations", "forge.datasource.yaml", "pyproject.toml", ".gitignore"):
        assert (target / rel).exists(), rel
    ignored = (target / ".gitignore").read_text().splitlines()
    assert "forge.datasource.yaml" in ignored and ".forge/" in ignored
    assert (target / "schema/post.yaml").read_text().startswith("# yaml-language-server: $schema=")
    assert "[tool.schemaforge]" in (target / "pyproject.toml").read_text()
    from tests.importcheck import forge

    code, out, err = forge(target, project.db_url, "validate")
    assert code == 0, out + err
    code, out, err = forge(target, project.db_url, "plan", "--format", "json")
    assert code == 0, out + err
    doc = json.loads(out)
    assert [c["description"] for c in doc["changes"]][:2] == [
        "create enum public.post_status (draft, published, archived)", "create table public.post (4 columns)"]


def test_init_never_overwrites(project):
    (project.root / "schema" / "post.yaml").write_text("entities: {}\n")
    res = project.forge("init")
    assert res.exit_code == 0
    assert "exists  schema/post.yaml" in res.stdout
    assert (project.root / "schema" / "post.yaml").read_text() == "entities: {}\n"
    project.forge("init")
    assert (project.root / ".gitignore").read_text().count("forge.datasource.yaml") == 1


def test_scaffolded_datasource_with_no_environment_falls_back_to_the_embedded_database(offline_project, monkeypatch):
    from schemaforge.config import load_config
    from schemaforge.database.targets import resolve_target
    from schemaforge.scaffold import init_project

    monkeypatch.delenv("DATABASE_URL", raising=False)
    init_project(offline_project.root)
    target = resolve_target(load_config(cwd=offline_project.root))
    assert target.embedded


def test_datasource_environments_and_interpolation(offline_project, monkeypatch):
    from schemaforge.config import load_config
    from schemaforge.database.targets import resolve_target
    from schemaforge.errors import ForgeError

    offline_project.write("forge.datasource.yaml", """
        default: dev
        environments:
          dev: { url: "postgresql://localhost/dev" }
          prod: { url: "postgresql://app:${PGPASS}@db/app", production: true }
    """)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = load_config(cwd=offline_project.root)
    assert resolve_target(config).url == "postgresql://localhost/dev"
    monkeypatch.setenv("PGPASS", "s3cret")
    prod = resolve_target(config, env="prod")
    assert prod.production and prod.url == "postgresql://app:s3cret@db/app"
    monkeypatch.delenv("PGPASS")
    with pytest.raises(ForgeError, match="PGPASS is not set"):
        resolve_target(config, env="prod")
    with pytest.raises(ForgeError, match="no environment named 'qa'"):
        resolve_target(config, env="qa")
    monkeypatch.setenv("DATABASE_URL", "postgresql://elsewhere/x")
    assert resolve_target(config).source == "DATABASE_URL"
    assert resolve_target(config, database_url="postgresql://cli/x").source == "--database-url"


def test_version(offline_project):
    res = offline_project.forge("--version")
    assert res.exit_code == 0 and __version__ in res.stdout


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_examples(offline_project, name):
    res = offline_project.forge(name, "--help")
    assert res.exit_code == 0
    assert "Examples:" in res.stdout, f"forge {name} --help has no examples"
    for option in ("--schema", "--database-url", "--env", "--no-color"):
        assert option in res.stdout


def test_apply_refuses_the_embedded_fallback_in_a_deploy(offline_project, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    res = offline_project.forge("apply", env={"DATABASE_URL": "", "CI": "1"})
    assert res.exit_code == 1
    assert "refusing to fall back to the embedded development database" in res.stderr


def test_import_layouts_match_the_writer():
    from schemaforge.cli.importing import LAYOUTS
    from schemaforge.entities.writer import LAYOUTS as WRITER_LAYOUTS

    assert LAYOUTS == WRITER_LAYOUTS


HEAVY = ("psycopg", "sqlglot", "ruamel", "jsonschema", "schemaforge.planner", "schemaforge.inspect")


def test_help_imports_nothing_heavy():
    """`forge --help` and `forge <cmd> --help` stay fast: the pipeline is imported by the commands only."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import sys\n"
        "import schemaforge.cli\n"
        "from schemaforge.cli import cli\n"
        "for args in [['--help'], *([name, '--help'] for name in sorted(cli.commands))]:\n"
        "    try:\n"
        "        cli(args, prog_name='forge')\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"heavy = {HEAVY!r}\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy\n"
        "                        or any(m.startswith(h + '.') for h in heavy))), file=sys.stderr)\n"
    )
    root = Path(__file__).resolve().parent.parent
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=root,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), "COLUMNS": "100"})
    assert res.returncode == 0, res.stderr
    assert "Usage: forge" in res.stdout
    assert res.stderr.split() == [], f"--help imported: {res.stderr.split()}"
