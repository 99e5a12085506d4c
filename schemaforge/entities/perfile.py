"""Each schema file loaded and checked on its own: everything about a file that needs no other.

That is most of the YAML work (parsing, the structure, the SQL fields, name lengths), and it
splits: under ``forge`` (see :mod:`schemaforge.background`) a forked child does a share of the
files on the second core while this process goes on with its own work and then the rest. The
answers are the same either way, in the files' order; a child that fails has its share done
again here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import Problem
from .aggregates import check_aggregates
from .loader import Doc, load_bytes, load_file
from .names import check_name_lengths
from .operators import check_operators
from .policies import check_policies
from .routines import BodyReader, check_routines
from .sqlfields import check_sql_fields
from .structure import check_structure, prune_invalid
from .validate import find_cut_types

# one file: (its document or None, its problems, the paths pruning removed from a document
# with structural problems, else None, the SHA-256 of the bytes read, None for a file that
# could not be read or text from memory, the column paths whose type a comma cut, see
# validate.find_cut_types): the digests key the model cache (entities.Loading)
Checked = tuple[Doc | None, list[Problem], set[tuple] | None, str | None, set[tuple]]

# below this many bytes of YAML, a second process costs more than it saves
SPLIT_BYTES = 150_000


def check_file(loaded: tuple[Doc | None, list[Problem]], read_body: BodyReader, digest: str | None = None) -> Checked:
    """One loaded file's own problems; a document with structural problems is pruned of them."""
    doc, problems = loaded
    if doc is None:
        return None, problems, None, digest, set()
    problems = list(problems)
    cut, cut_paths = find_cut_types(doc)
    structural = check_structure(doc, cut_paths)
    problems.extend(cut)
    problems.extend(structural)
    problems.extend(check_sql_fields(doc))
    problems.extend(check_name_lengths(doc))
    problems.extend(check_routines(doc, read_body))
    problems.extend(check_operators(doc))
    problems.extend(check_aggregates(doc))
    problems.extend(check_policies(doc))
    if not structural:
        return doc, problems, None, digest, cut_paths
    doc.keep_positions()  # pruning deletes nodes: positions must stay with them
    return doc, problems, prune_invalid(doc), digest, cut_paths


def check_paths(paths: list[Path], read_body: BodyReader) -> list[Checked]:
    return [_check_path(path, read_body) for path in paths]


def _check_path(path: Path, read_body: BodyReader) -> Checked:
    try:
        raw = path.read_bytes()
    except OSError:  # load_file says why
        return check_file(load_file(path), read_body)
    return check_file(load_bytes(raw, path), read_body, hashlib.sha256(raw).hexdigest())


class Checking:
    """:func:`check_file` of each of ``paths``, a share of them started in a child now.

    ``child_share``: the part of the bytes the child takes, more than half when this process
    has other work to do before it comes to its own files (a plan imports the planner)."""

    def __init__(self, paths: list[Path], read_body: BodyReader, child_share: float = 0.5) -> None:
        from ..background import forking, start

        self.paths, self.read_body = paths, read_body
        self.theirs: list[int] = []
        self.pending = None
        sizes = [_size(p) for p in paths]
        if len(paths) > 1 and sum(sizes) >= SPLIT_BYTES and forking():
            self.theirs = shares(sizes, child_share)
            if self.theirs:
                self.pending = start(check_paths, [paths[i] for i in self.theirs], read_body)

    def result(self) -> list[Checked]:
        theirs = set(self.theirs)
        mine = [i for i in range(len(self.paths)) if i not in theirs]
        done = dict(zip(mine, check_paths([self.paths[i] for i in mine], self.read_body), strict=True))
        if self.pending is not None:
            done.update(zip(self.theirs, self.pending.result(), strict=True))
        return [done[i] for i in range(len(self.paths))]


def shares(sizes: list[int], share: float) -> list[int]:
    """Indexes (ascending) of a group of ``sizes`` whose total is about ``share`` of the whole:
    the largest first, each to the group further below its target."""
    total = sum(sizes)
    targets = (share * total, (1 - share) * total)
    groups: tuple[list[int], list[int]] = ([], [])
    totals = [0, 0]
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        side = 0 if targets[0] - totals[0] >= targets[1] - totals[1] else 1
        groups[side].append(i)
        totals[side] += sizes[i]
    return sorted(groups[0])


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # load_file reports it
        return 0
