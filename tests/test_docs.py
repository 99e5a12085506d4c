"""The user documentation cannot fall behind the code, and the first steps work as written.

* ``docs/yaml.md`` documents exactly the keys the JSON Schema accepts, object kind by object kind;
* ``docs/commands.md`` documents every command, argument, option and choice of the CLI;
* ``forge init`` writes a modeline that resolves, by a relative path, to the JSON Schema;
* each example passes ``forge validate`` and ``forge check`` and has a README;
* shell completion prints a script, as ``docs/commands.md`` says.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from schemaforge.cli import cli
from schemaforge.scaffold import SCHEMA_COPY, package_schema
from tests.conftest import ok

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

# --- docs/yaml.md against the JSON Schema -------------------------------------------------------


def schema_objects(node, path: str = "", out: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """Every object of the JSON Schema that has properties, by a path such as
    ``entities.*.columns.*`` (``*``: any name, ``[]``: an item of a list), with its keys."""
    out = {} if out is None else out
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            out.setdefault(path, set()).update(props)
            for key, sub in props.items():
                schema_objects(sub, f"{path}.{key}" if path else key, out)
        if isinstance(node.get("additionalProperties"), dict):
            schema_objects(node["additionalProperties"], f"{path}.*", out)
        if isinstance(node.get("items"), dict):
            schema_objects(node["items"], f"{path}[]", out)
        for alternative in node.get("anyOf", []) + node.get("oneOf", []):
            schema_objects(alternative, path, out)
    return out


SECTION = re.compile(r"<!-- keys: (?P<paths>[^>]*) -->(?P<body>.*?)(?=<!-- keys: |\Z)", re.S)
ROW_KEY = re.compile(r"^\| `(?P<key>[a-z_]+)` \|", re.M)


def documented_keys(text: str) -> dict[str, set[str]]:
    """The keys each section of docs/yaml.md documents: its table rows, under a ``<!-- keys: PATH ... -->`` mark."""
    out: dict[str, set[str]] = {}
    for m in SECTION.finditer(text):
        keys = set(ROW_KEY.findall(m.group("body")))
        for path in m.group("paths").split():
            out[path] = keys
    return out


def test_yaml_reference_documents_exactly_the_keys_of_the_json_schema():
    schema = json.loads(package_schema().read_text())
    expected: dict[str, set[str]] = {}
    for path, keys in schema_objects(schema).items():  # overloads (a list of definitions) are definitions
        expected.setdefault(path.replace("*[]", "*") or "(top)", set()).update(keys)
    found = documented_keys((DOCS / "yaml.md").read_text())
    assert sorted(set(expected) - set(found)) == [], "object kinds of the JSON Schema with no section in docs/yaml.md"
    assert sorted(set(found) - set(expected)) == [], "sections of docs/yaml.md naming no object of the JSON Schema"
    missing = {p: sorted(expected[p] - found[p]) for p in sorted(expected) if expected[p] - found[p]}
    extra = {p: sorted(found[p] - expected[p]) for p in sorted(expected) if found[p] - expected[p]}
    assert missing == {}, "keys the JSON Schema accepts that docs/yaml.md does not document"
    assert extra == {}, "keys docs/yaml.md documents that the JSON Schema does not accept"


def test_the_key_check_sees_a_key_the_reference_lacks():
    text = "<!-- keys: entities.* -->\n| `table` | x |\n| `comment` | y |\n<!-- keys: views.* -->\n| `sql` | z |\n"
    assert documented_keys(text) == {"entities.*": {"table", "comment"}, "views.*": {"sql"}}
    assert schema_objects({"properties": {"a": {"type": "object", "additionalProperties": {
        "anyOf": [{"type": "string"}, {"properties": {"b": {}, "c": {"items": {"properties": {"d": {}}}}}}]}}}}) == {
        "": {"a"}, "a.*": {"b", "c"}, "a.*.c[]": {"d"}}


# --- docs/commands.md against the CLI -----------------------------------------------------------

COMMON = {"--schema", "--migrations", "--database-url", "--env", "--no-color", "--quiet", "-q", "--verbose", "-v",
          "--help", "-h"}


def commands(group: click.Group = cli, prefix: str = "forge") -> dict[str, click.Command]:
    out: dict[str, click.Command] = {}
    for name in sorted(group.commands):
        cmd = group.commands[name]
        if isinstance(cmd, click.Group):
            out |= commands(cmd, f"{prefix} {name}")
        else:
            out[f"{prefix} {name}"] = cmd
    return out


def command_sections(text: str) -> dict[str, str]:
    """``### `forge NAME` ...`` heading -> the text up to the next heading of that level."""
    parts = re.split(r"^### `(forge [a-z ]+?)`.*$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def undocumented(cmd: click.Command, section: str, common: str) -> list[str]:
    """Arguments, options and choices of ``cmd`` that its section does not name (an option: in
    the first cell of a row of a table; a choice: as `code`; an argument: by its name)."""
    missing = []
    for p in cmd.params:
        if isinstance(p.type, click.Choice):
            missing += [f"{p.name} {c}" for c in p.type.choices if f"`{c}`" not in section]
        if isinstance(p, click.Argument):
            if p.name.upper() not in section:
                missing.append(p.name.upper())
            continue
        for opt in p.opts + p.secondary_opts:
            where = common if opt in COMMON else section
            if not re.search(rf"^\| [^|]*`{re.escape(opt)}[` ]", where, re.M):  # a row of the option table
                missing.append(opt)
    return missing


def test_command_guide_documents_every_command_option_and_choice():
    text = (DOCS / "commands.md").read_text()
    sections = command_sections(text)
    common = text.split("## Options every command takes", 1)[1].split("\n## ", 1)[0]
    every = commands()
    assert sorted(set(every) - set(sections)) == [], "commands with no section in docs/commands.md"
    assert sorted(set(sections) - set(every)) == [], "sections of docs/commands.md for commands that do not exist"
    gaps = {name: undocumented(cmd, sections[name], common) for name, cmd in every.items()}
    assert {n: g for n, g in gaps.items() if g} == {}


def test_the_command_check_sees_an_undocumented_option():
    cmd = click.Command("x", params=[click.Option(["--fast"], is_flag=True), click.Argument(["src"]),
                                     click.Option(["--format"], type=click.Choice(["a", "b"]))])
    assert undocumented(cmd, "SRC `a`\n| `--format F` | x |\n| `--fast` | y |", "") == ["format b"]
    assert undocumented(cmd, "`a` `b` `--fast`\n| `--format F` | x |", "") == ["--fast", "SRC"]


def test_shell_completion_prints_a_script():
    """docs/commands.md: ``eval "$(_FORGE_COMPLETE=bash_source forge)"``."""
    res = subprocess.run([sys.executable, "-c", "from schemaforge.cli.main import main; main()"],
                         env={"_FORGE_COMPLETE": "bash_source", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert "_forge_completion() {" in res.stdout
    assert "complete -o nosort -F _forge_completion forge" in res.stdout
    assert '_FORGE_COMPLETE=bash_source forge' in (DOCS / "commands.md").read_text()


# --- forge init ---------------------------------------------------------------------------------


def test_init_writes_a_relative_modeline_that_resolves_to_the_json_schema(offline_project):
    res = ok(offline_project.forge("init", "--dir", "new"))
    root = offline_project.root / "new"
    first = (root / "schema/post.yaml").read_text().splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../{SCHEMA_COPY}"
    target = (root / "schema" / first.split("$schema=", 1)[1])
    assert target.read_bytes() == package_schema().read_bytes()
    assert res.stdout.splitlines() == [
        "  create  schema/post.yaml", f"  create  {SCHEMA_COPY}", "  create  migrations/",
        "  create  forge.datasource.yaml", "  create  pyproject.toml", "  update  .gitignore (forge.datasource.yaml, .forge/)",
        "", f"Commit {SCHEMA_COPY} with the project: editors check the YAML against it.",
        "Next: edit schema/post.yaml, then `forge validate` and `forge plan`."]
    target.write_text("{}")  # an older version's copy: refreshed, being ours
    res = ok(offline_project.forge("init", "--dir", "new"))
    assert f"  update  {SCHEMA_COPY} (this version's JSON Schema)" in res.stdout.splitlines()
    assert target.read_bytes() == package_schema().read_bytes()
    assert f"  exists  {SCHEMA_COPY}" in ok(offline_project.forge("init", "--dir", "new")).stdout.splitlines()


# --- the examples -------------------------------------------------------------------------------

EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir() if (p / "schema").is_dir())  # ci/ holds CI files


def test_there_are_examples():
    assert EXAMPLES == ["blog", "shop"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_example_validates_checks_and_has_a_readme(name, project, monkeypatch):
    example = ROOT / "examples" / name
    readme = (example / "README.md").read_text()
    assert readme.startswith(f"# {name}") and "forge check" in readme
    assert sorted(p.name for p in (example / "migrations").iterdir())[-1] == "schemaforge.sum"
    for part in ("schema", "migrations"):  # a copy: the run writes its cache into the project
        shutil.copytree(example / part, project.root / part, dirs_exist_ok=True)
    shutil.copy(example / "pyproject.toml", project.root / "pyproject.toml")
    res = ok(project.forge("validate"))
    assert res.stderr.startswith("✓ schema/ is valid: ")
    res = ok(project.forge("check"))
    assert res.stdout == "✓ 1 migration(s) match schemaforge.sum and capture the schema\n"
