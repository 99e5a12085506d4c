"""The YAML's per-file checks split between two processes (schemaforge.entities.perfile):
the same model, the same problems in the same order, as one process gives."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from schemaforge.entities import load_schema, perfile
from schemaforge.errors import ValidationFailed
from tests.conftest import ok

REPO = Path(__file__).resolve().parent.parent


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 10_000), max_size=30), st.floats(0, 1))
def test_a_share_is_within_one_file_of_its_target(sizes, share):
    chosen = perfile.shares(sizes, share)
    assert chosen == sorted(set(chosen)) and all(0 <= i < len(sizes) for i in chosen)
    assert abs(sum(sizes[i] for i in chosen) - share * sum(sizes)) <= max(sizes, default=0)


def _entity(name: str) -> str:
    columns = "".join(f"      c{c}: {{type: text, nullable: true, comment: 'column {c} of {name}, "
                      f"with a comment long enough to make the files worth splitting'}}\n" for c in range(6))
    return f"  {name}:\n    columns:\n      id: {{type: bigint, primary: true}}\n{columns}"


def _schema(root: Path, *, broken: bool) -> Path:
    """Six files, ~240 KB (over ``SPLIT_BYTES``); ``broken``: a structural mistake in two files
    that fall on either side, and one entity declared in the first file and again in the last."""
    schema = root / "schema"
    schema.mkdir(parents=True, exist_ok=True)
    for old in schema.glob("*.yaml"):
        old.unlink()
    for f in range(6):
        text = "entities:\n" + "".join(_entity(f"E{f}_{e}") for e in range(50))
        if broken and f in (1, 4):
            text += f"  Bad{f}:\n    columns:\n      id: {{type: bigint, primary: maybe}}\n"
        if broken and f in (0, 5):
            text += "  Dup:\n    columns:\n      id: {type: bigint, primary: true}\n"
        (schema / f"part{f}.yaml").write_text(text)
    assert sum(p.stat().st_size for p in schema.iterdir()) > perfile.SPLIT_BYTES
    return schema


# run under a fork-allowing process, as the ``forge`` command is; each check_paths call is
# logged (process, files) so that the test sees the split happen
_SPLIT = """
import os, pickle, sys
from pathlib import Path
from schemaforge import background
from schemaforge.entities import load_schema, perfile
from schemaforge.errors import ValidationFailed
background.allow_processes()
real = perfile.check_paths
def logged(paths, read_body):
    with open(sys.argv[2], "a") as log:
        log.write(f"{os.getpid()} {' '.join(p.name for p in paths)}\\n")
    return real(paths, read_body)
perfile.check_paths = logged
try:
    out = ("model", load_schema(Path(sys.argv[1])))
except ValidationFailed as exc:
    out = ("problems", exc.problems)
sys.stdout.buffer.write(pickle.dumps(out))
"""


def _split_load(schema: Path, log: Path):
    res = subprocess.run([sys.executable, "-c", _SPLIT, str(schema), str(log)], capture_output=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert res.returncode == 0, res.stderr.decode()
    calls = [line.split(" ", 1) for line in log.read_text().splitlines()]
    return pickle.loads(res.stdout), calls


def _one_process(schema: Path):
    try:
        return "model", load_schema(schema)
    except ValidationFailed as exc:
        return "problems", exc.problems


def test_a_split_load_gives_the_model_of_one_process(tmp_path):
    schema = _schema(tmp_path, broken=False)
    split, calls = _split_load(schema, tmp_path / "log")
    assert split[0] == "model" and split == _one_process(schema)
    assert len(split[1].tables) == 300
    # two processes, each its own files, all of them once
    assert len({pid for pid, _ in calls}) == 2
    assert sorted(name for _, names in calls for name in names.split()) == [f"part{f}.yaml" for f in range(6)]


def test_a_split_load_gives_the_problems_of_one_process_in_their_order(tmp_path):
    """Structural mistakes on both sides (the child sends back a pruned document with its
    positions) and a duplicate whose message names the file that came first."""
    schema = _schema(tmp_path, broken=True)
    split, calls = _split_load(schema, tmp_path / "log")
    assert split[0] == "problems" and split == _one_process(schema)
    assert [f"{p.file}:{p.line}:{p.col}: {p.message}" for p in split[1]] == [
        f"{schema}/part1.yaml:454:35: 'primary' of column 'id' must be true or false, got string \"maybe\"",
        f"{schema}/part4.yaml:454:35: 'primary' of column 'id' must be true or false, got string \"maybe\"",
        f"{schema}/part5.yaml:452:3: entity 'Dup' is already declared at {schema}/part0.yaml:452",
    ]
    halves = {pid: set(names.split()) for pid, names in calls}
    assert len(halves) == 2 and sum(len(h) for h in halves.values()) == 6  # none done again here
    assert any({"part1.yaml", "part4.yaml"} & h for h in halves.values())


def _validate_both_ways(project):
    """``forge validate`` through the ``forge`` command (forks) and in process (none): it fails
    with the same lines both ways; the command's answer."""
    in_process = project.forge("validate")
    console = subprocess.run([sys.executable, "-m", "schemaforge", "validate"], cwd=project.root,
                             env={**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "COLUMNS": "200"},
                             capture_output=True, text=True, timeout=120)
    assert (console.returncode, in_process.exit_code) == (1, 1)
    assert console.stderr == in_process.stderr
    return console


def test_forge_validate_says_the_same_split_or_not(offline_project):
    """Through the ``forge`` command (a fork) and in process (none): the same lines."""
    _schema(offline_project.root, broken=True)
    console = _validate_both_ways(offline_project)
    assert "schema/part5.yaml:452:3: error: entity 'Dup' is already declared at schema/part0.yaml:452" in console.stderr


def test_forge_plan_plans_the_same_split_or_not(project):
    _schema(project.root, broken=False)
    in_process = ok(project.forge("plan", "--format", "sql"))
    console = subprocess.run([sys.executable, "-m", "schemaforge", "plan", "--format", "sql"], cwd=project.root,
                             env={**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "DATABASE_URL": project.db_url},
                             capture_output=True, text=True, timeout=300)
    assert console.returncode == 0, console.stderr
    assert console.stdout == in_process.stdout
    assert console.stdout.count("CREATE TABLE") == 300


# ``forge validate`` (``alone``): once the files are each sound, their meaning across files is
# checked in a child while this process builds the model; each call of the check is logged
_MEANING = """
import os, pickle, sys
from pathlib import Path
from schemaforge import background
import schemaforge.entities as entities
from schemaforge.errors import ValidationFailed
background.allow_processes()
main, real = os.getpid(), entities.check_semantics
def logged(*args):
    with open(sys.argv[2], "a") as log:
        log.write("parent\\n" if os.getpid() == main else "child\\n")
    if sys.argv[3] == "die" and os.getpid() != main:
        os._exit(3)
    return real(*args)
entities.check_semantics = logged
try:
    out = ("model", entities.start_load(Path(sys.argv[1]), alone=True).result())
except ValidationFailed as exc:
    out = ("problems", exc.problems)
sys.stdout.buffer.write(pickle.dumps(out))
"""


def _meaning_load(schema: Path, log: Path, child: str = "lives"):
    res = subprocess.run([sys.executable, "-c", _MEANING, str(schema), str(log), child], capture_output=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert res.returncode == 0, res.stderr.decode()
    return pickle.loads(res.stdout), log.read_text().split()


def _add(schema: Path, text: str) -> None:
    with (schema / "part3.yaml").open("a") as f:
        f.write(text)


def test_the_meaning_checked_in_a_child_gives_the_model_of_one_process(tmp_path):
    schema = _schema(tmp_path, broken=False)
    out, calls = _meaning_load(schema, tmp_path / "log")
    assert calls == ["child"]
    assert out[0] == "model" and out == _one_process(schema)


def test_a_build_the_meaning_breaks_gives_the_meanings_problems(tmp_path):
    """A reference to no entity and an index on no column: the build here fails or not, the
    child's problems are what is said, as in one process."""
    schema = _schema(tmp_path, broken=False)
    _add(schema, "  Orphan:\n    columns:\n      id: {type: bigint, primary: true}\n"
                 "      owner: {type: bigint, references: Nobody.id}\n    indexes:\n      - columns: [ghost]\n")
    out, calls = _meaning_load(schema, tmp_path / "log")
    assert calls == ["child"]
    assert out[0] == "problems" and out == _one_process(schema)
    assert [f"{p.line}:{p.col}: {p.message}" for p in out[1]] == [
        "455:41: references 'Nobody.id': no entity or table named 'Nobody'",
        "457:19: index names column 'ghost', which entity 'Orphan' does not have",
    ]


def test_a_sound_meaning_lets_the_builds_own_problem_through(tmp_path):
    """``cluster_on`` naming no index passes the meaning's check; the built table says it."""
    schema = _schema(tmp_path, broken=False)
    _add(schema, "  Clustered:\n    columns:\n      id: {type: bigint, primary: true}\n    cluster_on: no_such_idx\n")
    out, calls = _meaning_load(schema, tmp_path / "log")
    assert calls == ["child"]
    assert out[0] == "problems" and out == _one_process(schema)
    assert [p.message for p in out[1]] == [
        "cluster_on of entity 'Clustered' names index 'no_such_idx', which this table does not have"]


def test_a_child_that_dies_has_the_meaning_checked_here(tmp_path):
    schema = _schema(tmp_path, broken=False)
    _add(schema, "  Orphan:\n    columns:\n      id: {type: bigint, primary: true}\n"
                 "      owner: {type: bigint, references: Nobody.id}\n")
    out, calls = _meaning_load(schema, tmp_path / "log", child="die")
    assert calls == ["child", "parent"]
    assert out[0] == "problems" and out == _one_process(schema)
    assert len(out[1]) == 1


def test_a_small_schema_checks_its_meaning_here(tmp_path):
    """Below the files' split size a second process costs more than it saves."""
    schema = tmp_path / "schema"
    schema.mkdir()
    (schema / "a.yaml").write_text("entities:\n" + _entity("A"))
    out, calls = _meaning_load(schema, tmp_path / "log")
    assert calls == ["parent"] and out[0] == "model"


def test_forge_validate_says_the_same_meaning_checked_in_a_child_or_not(offline_project):
    schema = _schema(offline_project.root, broken=False)
    _add(schema, "  Orphan:\n    columns:\n      id: {type: bigint, primary: true}\n"
                 "      owner: {type: bigint, references: Nobody.id}\n")
    console = _validate_both_ways(offline_project)
    assert "schema/part3.yaml:455:41: error: references 'Nobody.id': no entity or table named 'Nobody'" in console.stderr
