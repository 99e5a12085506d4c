"""`forge validate` on hostile YAML: a located error or success, never a traceback or a hang.

Schema files arrive in pull requests, so the loader is fed mutations of the repository's own
schema files and examples, sections of the wrong type, huge numbers, deep nesting, alias
bombs, recursive aliases, tags, duplicate keys, non-UTF-8 bytes, names over 63 bytes and
strings that look like rich markup. Each example runs the real command in-process on a
temporary project and checks: exit 0, or exit 1 with every stderr line a located
``file:line:col: error: …`` problem (or its hint, or the count); never an exception; within
the example deadline; and nothing written next to the schema (no ``.forge/``). No database.

Derandomized, so a run is reproducible; ``bench/fuzz_validate.py`` runs longer campaigns.
"""

from __future__ import annotations

import contextlib
import json
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from schemaforge.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS: list[bytes] = [p.read_bytes() for p in sorted([*ROOT.glob("schema/*.yaml"), *ROOT.glob("examples/*/schema/*.yaml")])]
SECTIONS = ("schema", "extensions", "enums", "sequences", "entities", "views", "schemas", "domains", "composite_types")

MARKUP = ("[/x]", "[bold]", "[/]", "[red]x[/red]", "[link=http://x]y", "\\[", ":smile:", "\x1b[31m", "%s{0}")
PAYLOADS = (
    *MARKUP, "!!int x", "!!python/object/apply:os.system ['true']", "!foo x", "9" * 5000, "-0x" + "f" * 1200,
    "n" * 64, "é" * 40, "&a [1, *a]", "*nope", "&a x", "<<: *a", "? [a, b]\n", "{", "[", "'", '"', "|\n", ">-\n",
    "\t", ":", ": ", "- ", "#", "%YAML 1.1\n---\n", "---\n", "...\n", "\n  ", "\x00", "\ufeff", "\u2028", "null",
    "~", "true", "1e999", ".nan", "2024-01-01", "2024-02-30", "2024-99-99 25:61:61", "0o777", "1_000", "\\", "\r\n",
)
WRONG = (5, -1, 0, 1.5, True, None, "x", "", [], [1], ["x"], {}, {"x": 1}, [[1]], [{"a": None}], "n" * 64,
         "[/x]", "[bold]", 10**40, "1e999", {"type": 5}, {"columns": 5}, {"[/x]": {"type": "text"}})


@dataclass(frozen=True)
class Outcome:
    kind: str  # "valid", "located", or what went wrong: "traceback", "unlocated", "exit N", "wrote", "slow"
    detail: str = ""


LOCATED = re.compile(r"^schema/[^:]+\.yaml:\d+:\d+: error: .+$")
OTHER_LINES = re.compile(r"^(  hint: .*|✗ \d+ problem\(s\) found)$")


def run_validate(files: dict[str, bytes], *, limit: float = 60.0) -> Outcome:
    """`forge validate` in-process on a fresh project holding ``files`` under ``schema/``."""
    with tempfile.TemporaryDirectory(prefix="forge-fuzz-") as tmp:
        project = Path(tmp)
        (project / "pyproject.toml").write_text("")
        (project / "schema").mkdir()
        for name, data in files.items():
            (project / "schema" / name).write_bytes(data)
        before = sorted(p.relative_to(project) for p in project.rglob("*"))
        started = time.monotonic()
        with contextlib.chdir(project):
            result = CliRunner().invoke(cli, ["validate", "--no-color"], catch_exceptions=True)
        elapsed = time.monotonic() - started
        after = sorted(p.relative_to(project) for p in project.rglob("*"))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        return Outcome("traceback", "".join(traceback.format_exception(result.exception))[-2000:])
    if after != before:
        return Outcome("wrote", str(sorted(set(after) - set(before))))
    if elapsed > limit:
        return Outcome("slow", f"{elapsed:.1f}s")
    if result.exit_code == 0:
        return Outcome("valid")
    if result.exit_code != 1:
        return Outcome(f"exit {result.exit_code}", result.stderr[-2000:])
    lines = result.stderr.splitlines()
    bad = [line for line in lines if not (LOCATED.match(line) or OTHER_LINES.match(line))]
    if bad or not any(LOCATED.match(line) for line in lines):
        return Outcome("unlocated", "\n".join(bad[:5]) or result.stderr[-500:])
    return Outcome("located")


def check(files: dict[str, bytes]) -> None:
    outcome = run_validate(files)
    assert outcome.kind in ("valid", "located"), f"{outcome.kind}: {outcome.detail}"


# ---------------------------------------------------------------- strategies

@st.composite
def mutated(draw) -> bytes:
    """A seed file with a few byte-level edits: insert, delete, replace, duplicate a line."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(("insert", "delete", "replace", "dup_line", "drop_line", "byte")))
        at = draw(st.integers(0, len(data)))
        if op == "insert":
            data[at:at] = draw(st.sampled_from(PAYLOADS) | st.text(max_size=4)).encode()
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif op == "replace":
            data[at:at + draw(st.integers(1, 12))] = draw(st.sampled_from(PAYLOADS)).encode()
        elif op in ("dup_line", "drop_line"):
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            data[start:end] = data[start:end] * 2 if op == "dup_line" else b""
        else:
            data[at:at] = bytes([draw(st.integers(0x80, 0xFF))])
    return bytes(data)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*path, i))


@st.composite
def wrong_typed(draw) -> bytes:
    """A seed's data with one to three nodes replaced by a value of another type, as JSON
    (which is YAML): `views: x`, `columns: 5`, `entities: [1]`, a 64-byte name …"""
    data = YAML(typ="safe").load(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(_paths(data))))
        value = json.loads(json.dumps(draw(st.sampled_from(WRONG))))  # a copy: later edits must not reach WRONG
        if not path:
            data = {draw(st.sampled_from(SECTIONS)): value}
            continue
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict) and draw(st.booleans()):
            parent[draw(st.sampled_from(("n" * 64, "[/x]", "é" * 32, "x y", "")))] = parent.pop(path[-1])
        else:
            parent[path[-1]] = value
    return json.dumps(data, default=str).encode()


def _bomb(depth: int, width: int) -> str:
    lines = [f"a0: &a0 [{', '.join(['x'] * width)}]"]
    for i in range(1, depth):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    return "\n".join(lines) + f"\nentities: *a{depth - 1}\n"


HOSTILE = st.one_of(
    st.builds(_bomb, st.integers(2, 12), st.integers(2, 10)),
    st.builds(lambda n, o, c: "entities:\n  A:\n    columns: " + o * n + c * n + "\n",
              st.integers(50, 100_000), st.sampled_from(["[", "{a: "]), st.sampled_from(["]", "}"])),
    st.builds(lambda n: "entities:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(n)), st.integers(50, 3000)),
    st.sampled_from([
        "entities: &e {A: {columns: *e}}\n", "a: &a [*a]\n", "entities: !!int x\n", "views: !!binary aGk=\n",
        "entities: !!python/name:os.system\n", "sequences: {s: {start: " + "9" * 5000 + "}}\n",
        "entities: {A: {columns: {id: {type: bigint, primary: true}}}, A: {}}\n", "views: x\n", "entities: [1]\n",
        "entities: {" + "E" * 64 + ": {columns: {id: {type: bigint}}}}\n",
        "entities: {A: {columns: {" + "c" * 64 + ": {type: text}}}}\n",
        "entities: {A: {table: " + "t" * 64 + ", columns: {id: {type: bigint}}}}\n",
        "enums: {" + "m" * 64 + ": [a]}\n", "entities: {'[/x]': {columns: {'[bold]': {type: '[/]'}}}}\n",
        "--- a\n--- b\n", "entities: {A: {comment: 2024-02-30, columns: {id: {type: bigint}}}}\n",
        "entities: {A: {columns: {id: {type: bigint}}}, A: {comment: 2024-02-30}}\n", "entities: {A: {columns: {id: {type: bigint}}}}\n---\nviews: {}\n",
    ]),
).map(str.encode)

# no per-example deadline: a loaded CI machine is slow, and a hang is caught by run_validate's limit
FAST = settings(derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(FAST, max_examples=1000)
@given(mutated())
def test_mutated_seed_files(doc):
    check({"fuzz.yaml": doc})


@settings(FAST, max_examples=700)
@given(wrong_typed())
def test_sections_and_nodes_of_the_wrong_type(doc):
    check({"fuzz.yaml": doc})


@settings(FAST, max_examples=300)
@given(HOSTILE, st.sampled_from(SEEDS))
def test_hostile_documents_next_to_a_good_file(doc, seed):
    check({"fuzz.yaml": doc, "good.yaml": seed})


# ---------------------------------------------------------------- exact cases

def stderr_of(text: bytes, *args: str, env: dict | None = None) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "schema").mkdir()
        (Path(tmp) / "pyproject.toml").write_text("")
        (Path(tmp) / "schema" / "app.yaml").write_bytes(text)
        with contextlib.chdir(tmp):
            result = CliRunner(env=env).invoke(cli, ["validate", *args], catch_exceptions=False)
        return result.exit_code, result.stderr


def test_alias_bomb_fails_fast_at_the_alias():
    import tracemalloc

    from schemaforge.entities.loader import load_text

    tracemalloc.start()
    started = time.monotonic()
    doc, problems = load_text(_bomb(9, 9), "bomb.yaml")  # 9**9 nodes once expanded
    elapsed, peak = time.monotonic() - started, tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert doc is None and len(problems) == 1
    assert peak < 1_000_000 and elapsed < 10, (elapsed, peak)  # refused before expanding, not after
    code, err = stderr_of(_bomb(9, 9).encode())
    assert code == 1
    assert "schema/app.yaml:6:10: error: aliases expand to more than 100,000 nodes" in err


def test_deep_nesting_is_a_located_problem_not_a_crash():
    code, err = stderr_of(("a: " + "[" * 100_000 + "]" * 100_000 + "\n").encode())
    assert (code, err.splitlines()[0]) == (1, "schema/app.yaml:1:103: error: nesting deeper than 100 levels")


def test_recursive_alias_tag_and_huge_number_are_located():
    assert "schema/app.yaml:1:18: error: alias '*e' refers to a node that contains it" in stderr_of(
        b"entities: &e {A: *e}\n")[1]
    assert "schema/app.yaml:1:11: error: the YAML tag '!!int' is not allowed" in stderr_of(b"entities: !!int x\n")[1]
    assert "schema/app.yaml:1:24: error: a number of 5,000 characters is too long" in stderr_of(
        b"sequences: {s: {start: " + b"9" * 5000 + b"}}\n")[1]


def test_non_utf8_byte_is_located_at_its_line_and_column():
    code, err = stderr_of(b"entities:\n  A\xe9:\n")
    assert (code, err.splitlines()[0]) == (1, "schema/app.yaml:2:4: error: byte 0xe9 is not valid UTF-8")


def test_markup_in_names_is_printed_as_text():
    code, err = stderr_of(b"entities:\n  A:\n    columns: {id: {type: bigint}}\n    '[/x]': 1\n    '[bold]y': 2\n")
    assert code == 1
    assert "schema/app.yaml:4:5: error: unknown key '[/x]' in entity 'A'" in err
    assert "schema/app.yaml:5:5: error: unknown key '[bold]y' in entity 'A'" in err


def test_control_characters_in_names_stay_on_one_line():
    code, err = stderr_of(b'entities:\n  A:\n    columns: {id: {type: bigint}}\n    "x\\ny\\e[31m": 1\n')
    assert "schema/app.yaml:4:5: error: unknown key 'x\\ny\\x1b[31m' in entity 'A'" in err
    code, err = stderr_of("entities:\n  A:\n    columns: {id: {type: bigint}}\n    \"a\u2028b\u202e\": 1\n".encode())
    assert "schema/app.yaml:4:5: error: unknown key 'a\\u2028b\\u202e' in entity 'A'" in err.splitlines()


def test_no_color_applies_to_error_messages():
    broken = b"entities: [1]\n"
    for args, env in ((("--no-color",), {"FORCE_COLOR": "1"}), ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"})):
        code, err = stderr_of(broken, *args, env=env)
        assert code == 1 and "\x1b[" not in err, (args, env, err)
    assert "\x1b[" in stderr_of(broken, env={"FORCE_COLOR": "1", "NO_COLOR": ""})[1]  # colour when wanted


def test_names_over_63_bytes_are_refused_at_the_node():
    code, err = stderr_of(("entities:\n  A:\n    columns:\n      id: {type: bigint}\n      " + "é" * 32
                           + ": {type: text}\n").encode())
    assert code == 1
    assert err.splitlines()[0] == ("schema/app.yaml:5:7: error: name '" + "é" * 32 + "' is 64 bytes long; "
                                   "PostgreSQL names hold at most 63 bytes")
    assert stderr_of(("enums:\n  " + "m" * 63 + ": [a]\n").encode())[0] == 0  # 63 bytes fit


def test_a_migration_file_that_is_not_utf8_is_a_located_error(tmp_path):
    import pytest

    from schemaforge.errors import ForgeError
    from schemaforge.migrations.files import parse

    path = tmp_path / "20250101000000_bad.sql"
    path.write_bytes(b"-- +up\nSELECT '\xff';\n-- +down\n")
    with pytest.raises(ForgeError) as info:
        parse(path)
    assert info.value.message == f"{path}:2:9: byte 0xff is not valid UTF-8"


def test_a_value_that_only_looks_like_a_date_is_no_traceback():
    code, err = stderr_of(b"entities:\n  A:\n    comment: 2024-02-30\n    columns: {id: {type: bigint}}\n")
    assert (code, err) == (0, "✓ schema/ is valid: 1 tables, 0 enums, 0 views\n")
    code, err = stderr_of(b"entities: {A: {columns: {id: {type: bigint}}}}\nx: 2024-02-30\nx: 1\n")
    assert (code, err.splitlines()[0]) == (1, "schema/app.yaml:1:1: error: invalid YAML value: day is out of range "
                                              "for month")
