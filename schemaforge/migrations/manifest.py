"""``schemaforge.sum``: checksums of every migration file, like Atlas' ``atlas.sum``.

The first line is a hash over all the others, so two branches that each add a migration both
change it and git reports a merge conflict instead of silently interleaving histories. Each
further line pins one file's bytes, so an edit to a migration (applied or not) is visible.
Deliberate edits are acknowledged with ``forge rehash``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .files import h1, migration_files

SUM_FILE = "schemaforge.sum"
REHASH = "if the change is deliberate, run `forge rehash` and commit schemaforge.sum"


@dataclass(frozen=True)
class ManifestProblem:
    file: str  # the migration file concerned (or schemaforge.sum itself)
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.file} {self.message}"


def entries(directory: Path) -> dict[str, str]:
    return {p.name: h1(p.read_bytes()) for p in migration_files(directory)}


def render(files: dict[str, str]) -> str:
    body = "".join(f"{name} {digest}\n" for name, digest in sorted(files.items()))
    return f"{h1(body.encode())}\n{body}"


def write(directory: Path) -> Path:
    """Recompute the manifest from the files on disk."""
    path = directory / SUM_FILE
    path.write_text(render(entries(directory)))
    return path


def read(directory: Path) -> tuple[str, dict[str, str], str] | None:
    """(total line, {file: digest}, body text) or None when there is no manifest."""
    path = directory / SUM_FILE
    if not path.exists():
        return None
    lines = path.read_text().splitlines()
    total = lines[0].strip() if lines else ""
    files: dict[str, str] = {}
    for line in lines[1:]:
        if line.strip():
            name, _, digest = line.strip().rpartition(" ")
            files[name] = digest
    body = "".join(line + "\n" for line in lines[1:] if line.strip())
    return total, files, body


def verify(directory: Path) -> list[ManifestProblem]:
    """Every disagreement between the files and the manifest, each with how to fix it."""
    actual = entries(directory)
    found = read(directory)
    if found is None:
        if not actual:
            return []
        return [ManifestProblem(SUM_FILE, f"is missing from {directory}",
                                "run `forge rehash` to create it, and commit it with the migrations")]
    total, recorded, body = found
    problems: list[ManifestProblem] = []
    if "<<<<<<<" in body or "=======" in body or ">>>>>>>" in body:
        return [ManifestProblem(SUM_FILE, "has merge-conflict markers",
                                "two branches added migrations: check their order (rename to a later version if "
                                "needed), then run `forge rehash`")]
    for name in sorted(actual.keys() | recorded.keys()):
        if name not in recorded:
            problems.append(ManifestProblem(name, "is not in the manifest (added by hand or merged without it)",
                                            "run `forge rehash` if the file is meant to be there"))
        elif name not in actual:
            problems.append(ManifestProblem(name, "is listed in the manifest but the file is missing",
                                            "restore the file from version control, or run `forge rehash` "
                                            "if it was removed on purpose"))
        elif actual[name] != recorded[name]:
            problems.append(ManifestProblem(name, "was edited after it was generated (checksum mismatch)", REHASH))
    if not problems and total != h1(body.encode()):
        problems.append(ManifestProblem(SUM_FILE, "has a total checksum (first line) that does not match its entries",
                                        "the manifest was edited by hand or merged: run `forge rehash`"))
    return problems
