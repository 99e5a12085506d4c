"""Another revision of the project, read from git without touching the working tree.

``forge plan --base REF`` and ``forge check --base REF`` compare the working tree with a commit
(a branch, a tag, ``origin/main``). REF comes from a command line or a CI variable, so it is
text to distrust: it is refused when it could read as an option or holds control characters,
and resolved with ``rev-parse --verify --end-of-options`` before git sees it anywhere else.
Files are then read from git's object store (``ls-tree``, ``cat-file``) into a temporary
directory: nothing is checked out, the index and the working tree are never written.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import ForgeError
from .terminal import printable

BLOB_MODES = ("100644", "100755")
SYMLINK_MODE = "120000"


@dataclass(frozen=True)
class Revision:
    """A commit, and how the user named it (for messages)."""

    ref: str
    commit: str
    root: Path  # the repository's top level

    @property
    def short(self) -> str:
        return self.commit[:12]


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        return subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, env=env,
                              check=False)
    except FileNotFoundError:
        raise ForgeError("git is not installed: --base REF reads the revision with git",
                         hint="install git, or give --base a directory of YAML files") from None


def repository(start: Path) -> Path:
    """The top level of the git repository holding ``start``."""
    res = _git(start, "rev-parse", "--show-toplevel")
    if res.returncode != 0:
        raise ForgeError(f"{start} is not inside a git repository, so --base cannot name a revision",
                         hint="run forge inside the repository, or give --base a directory of YAML files")
    return Path(res.stdout.decode().rstrip("\n"))


def check_ref(ref: str) -> None:
    """Refuse a REF that git could read as an option, or that holds control characters."""
    shown = printable(ref)
    if not ref.strip():
        raise ForgeError("--base needs a git revision or a directory, got an empty string",
                         hint="e.g. --base origin/main")
    if ref.startswith("-"):
        raise ForgeError(f"--base '{shown}': a revision cannot start with '-'",
                         hint="give a branch, tag or commit, e.g. --base origin/main")
    if not ref.isprintable() or len(ref) > 1024:
        raise ForgeError(f"--base '{shown}' is not a revision name (control characters or too long)",
                         hint="give a branch, tag or commit, e.g. --base origin/main")


def resolve(root: Path, ref: str) -> Revision:
    """The commit ``ref`` names in the repository at ``root``."""
    check_ref(ref)
    res = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    commit = res.stdout.decode(errors="replace").strip()
    if res.returncode != 0 or len(commit) < 40:
        raise ForgeError(f"--base '{printable(ref)}' is not a commit of the git repository in {root}",
                         hint="give a branch, tag or commit (in CI, fetch it first: git fetch origin main), "
                              "or a directory of YAML files")
    return Revision(ref, commit, root)


def relative(root: Path, path: Path) -> str:
    """``path`` relative to the repository's top level, as git spells it (``.`` for the top)."""
    try:
        rel = path.resolve().relative_to(root.resolve())
    except ValueError:
        raise ForgeError(f"{path} is outside the git repository in {root}: --base REF reads it from git",
                         hint="keep the schema and migrations directories in the repository") from None
    return rel.as_posix() or "."


def export(rev: Revision, path: str, dest: Path) -> int:
    """Write the files under ``path`` (relative to the top level) at ``rev`` into ``dest``;
    the number of files. A path missing at ``rev`` gives an empty ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    spec = f":(top,literal){path}" if path != "." else ":(top)."
    res = _git(rev.root, "ls-tree", "-r", "-z", "--full-tree", rev.commit, "--", spec)
    if res.returncode != 0:
        raise ForgeError(f"cannot list {path} at {printable(rev.ref)}: {printable(res.stderr.decode(errors='replace').strip())}")
    entries: list[tuple[str, str]] = []  # (object id, path below ``path``)
    base = PurePosixPath(path)
    for record in res.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, name_b = record.partition(b"\t")
        mode, _kind, oid = meta.decode().split(" ")
        name = name_b.decode("utf-8", errors="surrogateescape")
        below = PurePosixPath(name) if path == "." else PurePosixPath(name).relative_to(base)
        if mode == SYMLINK_MODE:
            raise ForgeError(f"{printable(rev.ref)}:{printable(name)} is a symbolic link: --base reads regular files only",
                             hint="replace the link by the file it points to")
        if mode not in BLOB_MODES or ".." in below.parts:
            continue  # submodules: no files of ours
        entries.append((oid, below.as_posix()))
    blobs = _blobs(rev, [oid for oid, _ in entries])
    for (_, below), data in zip(entries, blobs, strict=True):
        target = dest / below
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(entries)


def _blobs(rev: Revision, oids: list[str]) -> list[bytes]:
    """The contents of ``oids``, read by one ``git cat-file --batch``."""
    if not oids:
        return []
    res = _git(rev.root, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in oids).encode())
    if res.returncode != 0:
        raise ForgeError(f"cannot read files at {printable(rev.ref)}: {printable(res.stderr.decode(errors='replace').strip())}")
    out, pos, data = [], 0, res.stdout
    for _ in oids:
        header_end = data.index(b"\n", pos)
        size = int(data[pos:header_end].split(b" ")[2])
        out.append(data[header_end + 1: header_end + 1 + size])
        pos = header_end + 1 + size + 1  # the content, then a newline
    return out


def merge_base(rev: Revision, other: str = "HEAD") -> Revision:
    """The best common ancestor of ``rev`` and ``other`` (the branch being checked)."""
    res = _git(rev.root, "merge-base", "--end-of-options", rev.commit, other)
    commit = res.stdout.decode(errors="replace").strip()
    if res.returncode != 0 or len(commit) < 40:
        raise ForgeError(f"this branch and {printable(rev.ref)} have no common ancestor",
                         hint="in CI, fetch the full history of both (git fetch --unshallow, or fetch-depth: 0)")
    return Revision(f"merge base {commit[:12]}", commit, rev.root)
