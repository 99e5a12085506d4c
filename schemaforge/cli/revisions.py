"""``--base REF`` for ``forge plan`` and ``forge check``: another revision instead of a database.

A reviewer's CI has the repository and no database: ``plan --base origin/main`` shows what the
pull request changes in the schema (both sides normalized on the embedded server), and
``check --base origin/main`` fails when the branch's migrations and those merged on REF since the
branches parted touch the same objects, or would run out of order.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .context import Ctx

if TYPE_CHECKING:
    from ..model import Database
    from ..revisions import Revision


def _is_directory(base: str) -> bool:
    """``base`` names a directory (an empty string is no name at all, not the current directory)."""
    return bool(base.strip()) and not base.startswith("-") and Path(base).is_dir()


@contextlib.contextmanager
def base_schema(ctx: Ctx, base: str) -> Iterator[tuple[Database, Path]]:
    """(model, directory) of the YAML at ``base``: a directory as it is, else a git revision's
    schema directory read into a temporary one, its problems labelled ``REF:path:line:col``."""
    from ..entities import load_schema

    if _is_directory(base):
        yield load_schema(Path(base), ctx.config.default_schema), Path(base)
        return
    from .. import revisions

    root = revisions.repository(ctx.config.root)
    rev = revisions.resolve(root, base)
    rel = revisions.relative(root, ctx.config.schema_dir)
    with tempfile.TemporaryDirectory(prefix="forge-base-") as tmp:
        where = Path(tmp) / "schema"
        revisions.export(rev, rel, where)
        if ctx.ui.verbose:
            ctx.ui.text(f"base: {base} ({rev.short}), {rel}/")
        with _labelled(where, rev, rel):
            yield load_schema(where, ctx.config.default_schema), where


@contextlib.contextmanager
def _labelled(where: Path, rev: Revision, rel: str) -> Iterator[None]:
    """Errors in the exported files name them as ``REF:path`` (git's spelling), not the temp copy."""
    from ..errors import ForgeError, Problem, ValidationFailed
    from ..terminal import printable

    prefix = f"{printable(rev.ref)}:{'' if rel == '.' else rel + '/'}"

    def fix(text: str | None) -> str | None:
        return text if text is None else text.replace(f"{where.resolve()}/", prefix).replace(f"{where}/", prefix)

    try:
        yield
    except ValidationFailed as exc:
        raise ValidationFailed([Problem(fix(p.file) or p.file, p.line, p.col, fix(p.message) or "", fix(p.hint))
                                for p in exc.problems]) from None
    except ForgeError as exc:
        raise ForgeError(fix(exc.message) or "", hint=fix(exc.hint)) from None


def plan_base(ctx: Ctx, base: str, out_file: str | None):
    """(plan, current, desired, server) from the YAML at ``base`` to the working tree's."""
    from ..errors import ForgeError
    from ..planner import plan_between
    from .migrations import _scratch_server

    if out_file:
        raise ForgeError("--out saves a plan for `forge apply` on the database it was made against; "
                         "a plan between two revisions is bound to no database",
                         hint="drop --out (or --base): save a plan made against the target database")
    desired = ctx.load_desired()
    with base_schema(ctx, base) as (base_yaml, base_dir), ctx.ui.working("planning") as step:
        server = _scratch_server(ctx, explicit_only=True)  # once REF is known good: no server for a typo
        plan, current, desired_model = plan_between(ctx.config, server, base_yaml, desired, base_dir, step)
    return plan, current, desired_model, desired, server


def base_revision(ctx: Ctx, base: str) -> tuple[Revision, Revision]:
    """(REF, merge base) for ``check --base``, checked before anything is replayed."""
    from .. import revisions
    from ..errors import ForgeError

    if _is_directory(base):
        raise ForgeError(f"check --base needs a git revision, and {base} is a directory",
                         hint="the migrations added on each side are found from the merge base: "
                              "give a branch, e.g. --base origin/main")
    rev = revisions.resolve(revisions.repository(ctx.config.root), base)
    return rev, revisions.merge_base(rev)


def check_base(ctx: Ctx, revs: tuple[Revision, Revision], server) -> None:
    """Fail when the branch's new migrations and REF's do not commute (see
    :mod:`schemaforge.migrations.commute`)."""
    from .. import revisions
    from ..migrations import commute, files

    rev, fork = revs
    base = rev.ref
    rel = revisions.relative(rev.root, ctx.config.migrations_dir)
    with tempfile.TemporaryDirectory(prefix="forge-base-") as tmp:
        theirs_dir, fork_dir = Path(tmp) / "ref", Path(tmp) / "fork"
        revisions.export(rev, rel, theirs_dir)
        revisions.export(fork, rel, fork_dir)
        with _labelled(theirs_dir, rev, rel):
            theirs = files.load_all(theirs_dir)
        forked = {p.name for p in files.migration_files(fork_dir)}
        ours = files.load_all(ctx.config.migrations_dir)
        with ctx.ui.working("checking") as step:
            step(f"replaying the migrations added since {fork.short}")
            problems = commute.compare(ctx.config, server, ours, theirs, forked)
    if problems:
        raise commute.refusal(problems, base, rel)
    ctx.ui.result("[green]✓[/] the migrations commute with those added on {} since {}", base, fork.short)
