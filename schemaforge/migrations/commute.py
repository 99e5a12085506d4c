"""Do two branches' new migrations commute? ``forge check --base REF``.

Two pull requests each add a migration; each passes ``forge check`` alone. Merged, the two
run in version order, and if both touch the same table (two columns added: their order in the
table now depends on which merged first; a column altered on one side and dropped on the
other: one of them fails) the merged directory no longer produces what either branch tested.

What a migration touches is not guessed from its SQL text: each side's new migrations are
replayed one at a time on a scratch database, over the migrations both sides share, and the
schema read after each is diffed with the one before. The changes of that diff name the objects
through their keys (``provides``, ``removes``, ``alters``, ``requires``: what
:mod:`schemaforge.order` places them by), so a hand-written migration is seen as exactly as a
generated one. Two migrations conflict when they create, drop or alter the same object (a
column, constraint, index or trigger counts as its table), or when one needs what the other
drops. A branch migration whose version sorts before one of REF's would also run out of order
after the merge (a database that applied REF's has it as pending behind it).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Config
from ..database.session import Server, connect
from ..errors import ForgeError
from ..model import Database
from . import runner
from .files import Migration

# keys of things that belong to a table: they count as the table
_OF_TABLE = frozenset({"relation", "table", "column", "not_null", "constraint", "trigger", "key", "name",
                       "policy", "policies"})


@dataclass(frozen=True)
class Touched:
    """What one migration does to the schema, as object names (``public.users``)."""

    filename: str
    changed: frozenset[str]  # created, dropped or altered
    needed: frozenset[str]  # must exist when it runs
    dropped: frozenset[str]


@dataclass(frozen=True, order=True)
class Problem:
    ours: str  # the branch's file
    theirs: str  # REF's file
    objects: tuple[str, ...]  # empty: an ordering problem

    def line(self, ref: str) -> str:
        if self.objects:
            them = "it" if len(self.objects) == 1 else "them"
            return f"{', '.join(self.objects)}: {self.ours} (this branch) and {self.theirs} ({ref}) both change {them}"
        return (f"{self.ours} (this branch) sorts before {self.theirs} ({ref}): after the merge it would "
                "run out of order")


def object_of(key: tuple[str, ...]) -> str | None:
    """The object a change key belongs to, as people name it; None for ``mentions`` keys."""
    kind = key[0]
    if kind in _OF_TABLE or kind in ("type", "sequence", "function", "routine"):
        return f"{key[1]}.{key[2]}"
    if kind in ("schema", "extension"):
        return f"{kind} {key[1]}"
    return None


def _names(keys) -> frozenset[str]:
    return frozenset(n for k in keys if (n := object_of(k)) is not None)


def touched(filename: str, before: Database, after: Database) -> Touched:
    """What the migration that took ``before`` to ``after`` touched."""
    from ..diff import diff

    changes = diff(before, after)
    return Touched(
        filename,
        changed=_names(k for c in changes for k in (*c.provides(), *c.removes(), *c.alters())),
        needed=_names(k for c in changes for k in c.requires()),
        dropped=_names(k for c in changes for k in c.removes()),
    )


def replay_each(config: Config, server: Server, shared: list[Migration], new: list[Migration]) -> list[Touched]:
    """``shared`` replayed on a scratch database, then each of ``new`` with the schema read after it."""
    from ..inspect import inspect_database
    from ..reading import excluded_schemas, managed_schemas

    schemas = managed_schemas(config, Database())
    out: list[Touched] = []
    with server.scratch() as url:
        runner.replay(url, [(m.filename, list(m.up_steps)) for m in shared])

        def read() -> Database:
            with connect(url) as conn:
                return inspect_database(conn, schemas, exclude_schemas=excluded_schemas(config))

        before = read()
        for m in new:
            runner.replay(url, [(m.filename, list(m.up_steps))])
            after = read()
            out.append(touched(m.filename, before, after))
            before = after
    return out


def conflicts(ours: list[Touched], theirs: list[Touched]) -> list[Problem]:
    """Each pair of migrations, one per side, that touch a common object."""
    out = []
    for a in ours:
        for b in theirs:
            common = (a.changed & b.changed) | (a.needed & b.dropped) | (b.needed & a.dropped)
            if common:
                out.append(Problem(a.filename, b.filename, tuple(sorted(common))))
    return out


def out_of_order(ours: list[Migration], theirs: list[Migration]) -> list[Problem]:
    """The branch's new migrations whose version is not after every one of REF's new ones."""
    if not theirs:
        return []
    last = max(theirs, key=lambda m: m.version)
    return [Problem(m.filename, last.filename, ()) for m in ours if m.version <= last.version]


def compare(config: Config, server: Server, ours: list[Migration], theirs: list[Migration],
            forked: set[str]) -> list[Problem]:
    """The problems between the migrations each side added since the merge base (whose
    migrations directory held the files named ``forked``)."""
    our_new = [m for m in ours if m.filename not in forked]
    their_new = [m for m in theirs if m.filename not in forked]
    if not our_new or not their_new:
        return []
    ours_touched = replay_each(config, server, [m for m in ours if m.filename in forked], our_new)
    theirs_touched = replay_each(config, server, [m for m in theirs if m.filename in forked], their_new)
    found = set(conflicts(ours_touched, theirs_touched)) | set(out_of_order(our_new, their_new))
    return sorted(found, key=lambda p: (not p.objects, p))  # shared objects first, then the ordering


def refusal(problems: list[Problem], ref: str, migrations_dir: str) -> ForgeError:
    """The error ``forge check --base`` fails with: which files, which objects, how to fix."""
    ours = sorted({p.ours for p in problems})
    where = "" if migrations_dir == "." else migrations_dir.rstrip("/") + "/"
    name = ours[0].split("_", 1)[1].removesuffix(".sql")
    lines = "\n".join(f"  {p.line(ref)}" for p in problems)
    return ForgeError(
        f"this branch's migrations do not commute with those added on {ref}:\n{lines}",
        hint=f"regenerate your migration on top of {ref}: git rebase {ref}, delete "
             f"{' and '.join(where + f for f in ours)}, forge generate {name}",
    )
