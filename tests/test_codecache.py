"""The kept dataclass code (:mod:`schemaforge.codecache`) makes the same classes as compiling:
same signatures and annotations, same equality, hashing, repr and frozenness; a second run
compiles nothing, and a damaged file only means compiling again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import dataclasses, inspect, json
from schemaforge import codecache
from schemaforge.model import Column, Table
from schemaforge import changes as ch
t = Table("public", "t", (Column("id", "integer", nullable=False),))
out = {
    "compiled": codecache.compiled_here(),
    "installed": dataclasses.__dict__.get("exec") is codecache._exec,
    "init": str(inspect.signature(Table.__init__)),
    "annotations": sorted((k, repr(v)) for k, v in Column.__init__.__annotations__.items()),
    "change_init": str(inspect.signature(ch.CreateTable.__init__)),
    "repr": repr(t),
    "eq": t == Table("public", "t", (Column("id", "integer", nullable=False),)),
    "hash": hash(t) == hash(Table("public", "t", (Column("id", "integer", nullable=False),))),
}
try:
    t.name = "u"
    out["frozen"] = False
except dataclasses.FrozenInstanceError:
    out["frozen"] = True
print(json.dumps(out))
"""


def _probe(cache: str) -> dict:
    env = {**os.environ, "FORGE_CODE_CACHE": cache, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_kept_code_makes_the_same_classes_and_a_second_run_compiles_nothing(tmp_path):
    plain = _probe("0")
    assert plain["installed"] is False
    file = tmp_path / "methods.marshal"
    first = _probe(str(file))
    assert first["installed"] is True and first["compiled"] > 100 and file.exists()
    second = _probe(str(file))
    assert second["compiled"] == 0
    for run in (first, second):
        for key in ("init", "annotations", "change_init", "repr", "eq", "hash", "frozen"):
            assert run[key] == plain[key], key
    assert plain["frozen"] is True and plain["eq"] is True and plain["hash"] is True


def test_a_damaged_file_means_compiling_again(tmp_path):
    file = tmp_path / "methods.marshal"
    file.write_bytes(b"\x00not marshal at all")
    run = _probe(str(file))
    assert run["compiled"] > 100 and run["frozen"] is True
    assert _probe(str(file))["compiled"] == 0  # rewritten whole at exit


def test_a_file_past_its_size_restarts_from_what_the_run_used(tmp_path, monkeypatch):
    import marshal

    from schemaforge import codecache

    code = compile("x = 1", "<string>", "exec")
    monkeypatch.setattr(codecache, "_known", {"old": code, "used": code})
    monkeypatch.setattr(codecache, "_used", {"used"})
    monkeypatch.setattr(codecache, "_new", {"new": code})
    monkeypatch.setattr(codecache, "_where", [tmp_path / "m.marshal"])
    monkeypatch.setenv("FORGE_CODE_CACHE", str(tmp_path / "m.marshal"))
    monkeypatch.setattr(codecache, "MAX_ENTRIES", 3)
    codecache._save()
    assert sorted(marshal.loads((tmp_path / "m.marshal").read_bytes())) == ["new", "old", "used"]
    monkeypatch.setattr(codecache, "MAX_ENTRIES", 2)
    codecache._save()
    assert sorted(marshal.loads((tmp_path / "m.marshal").read_bytes())) == ["new", "used"]


def test_nothing_is_written_under_pythondontwritebytecode(tmp_path, monkeypatch):
    import sys

    from schemaforge import codecache

    monkeypatch.setattr(codecache, "_new", {"new": compile("x = 1", "<string>", "exec")})
    monkeypatch.setattr(codecache, "_where", [tmp_path / "m.marshal"])
    monkeypatch.delenv("FORGE_CODE_CACHE", raising=False)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    codecache._save()
    assert not (tmp_path / "m.marshal").exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    codecache._save()
    assert (tmp_path / "m.marshal").exists()
