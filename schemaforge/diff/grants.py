"""Privileges: each object's ACL compared per grantee (and column), and default privileges.

Runs after every other kind, over their changes: an object the plan drops gives its
privileges back first (so the down migration can grant them again), an object the plan creates
or recreates gets its privileges right after, and an object that stays, even renamed, gets only
the difference (a renamed table or column keeps its grants: no re-grant).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from .. import changes as ch
from ..changes.grants import Privs
from ..model import Database, DefaultPrivilege, Privilege
from ..model.grants import effective, sorted_acl

# (target, name path) of one object
Obj = tuple[str, tuple[str, ...]]
# target -> the ACL kind whose defaults apply
_ACL_KIND = {"table": "table", "view": "table", "sequence": "sequence", "function": "function", "aggregate": "function",
             "procedure": "function", "schema": "schema", "type": "type", "domain": "type"}
# target -> ALTER DEFAULT PRIVILEGES object type
_DEFAULT_ON = {"table": "tables", "view": "tables", "sequence": "sequences", "function": "functions", "aggregate": "functions",
               "procedure": "functions", "schema": "schemas", "type": "types", "domain": "types"}


def acl_objects(db: Database) -> Iterator[tuple[Obj, tuple[Privilege, ...] | None]]:
    """Every object that has an ACL, with it (None: the kind's default)."""
    for s in db.schemas:
        yield ("schema", (s.name,)), s.grants
    for t in db.tables:
        yield ("table", (t.schema, t.name)), t.grants
    for v in db.views:
        yield ("view", (v.schema, v.name)), v.grants
    for q in db.sequences:
        yield ("sequence", (q.schema, q.name)), q.grants
    for f in db.functions:
        yield ("procedure" if f.procedure else "function", (f.schema, f.name, *f.identity)), f.grants
    for a in db.aggregates:
        yield ("aggregate", (a.schema, a.name, *a.identity)), a.grants
    for e in (*db.enums, *db.composite_types, *db.range_types):
        yield ("type", (e.schema, e.name)), e.grants
    for d in db.domains:
        yield ("domain", (d.schema, d.name)), d.grants


def _created_dropped(changes: list[ch.Change]) -> tuple[set[Obj], set[Obj], set[tuple], set[tuple]]:
    """Objects and (table, column) pairs the plan creates and drops."""
    created: set[Obj] = set()
    dropped: set[Obj] = set()
    cols_created: set[tuple] = set()
    cols_dropped: set[tuple] = set()
    for c in changes:
        if isinstance(c, ch.AddColumn):
            cols_created.add((c.table.schema, c.table.name, c.column.name))
        elif isinstance(c, ch.DropColumn):
            cols_dropped.add((c.table.schema, c.table.name, c.column.name))
        elif isinstance(c, ch.RecreateEnum):
            created.add(("type", (c.new.schema, c.new.name)))
            dropped.add(("type", (c.old.schema, c.old.name)))
        else:
            for obj, side in _touched(c):
                (created if side else dropped).add(obj)
    return created, dropped, cols_created, cols_dropped


def _touched(c: ch.Change) -> list[tuple[Obj, bool]]:
    """(object, created?) for a change that creates or drops an object with an ACL."""
    pairs = [(ch.CreateTable, ch.DropTable, "table", "table"), (ch.CreateView, ch.DropView, "view", "view"),
             (ch.CreateSequence, ch.DropSequence, "sequence", "sequence"),
             (ch.CreateEnum, ch.DropEnum, "type", "enum"), (ch.CreateDomain, ch.DropDomain, "domain", "domain"),
             (ch.CreateCompositeType, ch.DropCompositeType, "type", "type"),
             (ch.CreateRangeType, ch.DropRangeType, "type", "range_type")]
    for create, drop, target, attr in pairs:
        if isinstance(c, create | drop):
            o = getattr(c, attr)
            return [((target, (o.schema, o.name)), isinstance(c, create))]
    if isinstance(c, ch.CreateFunction | ch.DropFunction):
        f = c.function
        return [(("procedure" if f.procedure else "function", (f.schema, f.name, *f.identity)),
                 isinstance(c, ch.CreateFunction))]
    if isinstance(c, ch.CreateAggregate | ch.DropAggregate):
        a = c.aggregate
        return [(("aggregate", (a.schema, a.name, *a.identity)), isinstance(c, ch.CreateAggregate))]
    if isinstance(c, ch.CreateSchema | ch.DropSchema):
        return [(("schema", (c.schema.name,)), isinstance(c, ch.CreateSchema))]
    return []


def _per_grantee(acl: tuple[Privilege, ...]) -> dict[tuple[str | None, str], Privs]:
    """{(column, grantee): privileges} of an ACL."""
    out: dict[tuple[str | None, str], list] = defaultdict(list)
    for p in acl:
        out[(p.column, p.grantee)].append((p.privilege, p.grant_option))
    return {k: tuple(sorted(set(v))) for k, v in out.items()}


def _default_grantees(db: Database, target: str, name: tuple[str, ...]) -> set[str]:
    """Roles whose default privileges may give a new object of this kind here something."""
    on = _DEFAULT_ON[target]
    schema = name[0]
    return {d.grantee for d in db.default_privileges if d.on == on and d.schema in (None, schema)}


def _changes(obj: Obj, old: tuple[Privilege, ...], new: tuple[Privilege, ...], phase: str,
             reset: set[str] = frozenset(), skip_columns: bool = False) -> list[ch.Change]:
    target, name = obj
    before, after = _per_grantee(old), _per_grantee(new)
    out: list[ch.Change] = []
    keys = set(before) | set(after) | {(None, g) for g in reset}
    for column, grantee in sorted(keys, key=lambda k: (k[0] is not None, k[0] or "", k[1])):
        if skip_columns and column is not None:
            continue
        o, n = before.get((column, grantee), ()), after.get((column, grantee), ())
        r = column is None and grantee in reset
        if o != n or r:
            out.append(ch.ChangeGrant(target, name, column, grantee, o, n, phase, r))
    return out


def _column_changes(obj: Obj, old: tuple[Privilege, ...], new: tuple[Privilege, ...],
                    cols_created: set[tuple], cols_dropped: set[tuple]) -> list[ch.Change]:
    """Column privileges of a table that stays: a dropped column gives its privileges back
    first, an added one gets them after."""
    target, name = obj
    out: list[ch.Change] = []
    gone = [p for p in old if p.column is not None and (*name, p.column) in cols_dropped]
    come = [p for p in new if p.column is not None and (*name, p.column) in cols_created]
    out += _changes(obj, tuple(gone), (), "dropped")
    rest_old = tuple(p for p in old if p not in gone)
    rest_new = tuple(p for p in new if p not in come)
    out += _changes(obj, rest_old, rest_new, "alive")
    out += _changes(obj, (), tuple(come), "created")
    return out


def _renamed_current(current: Database, desired: Database) -> dict[Obj, tuple[Privilege, ...] | None]:
    """Current ACLs keyed by the desired names of renamed tables and columns."""
    out = dict(acl_objects(current))
    by_name = {(t.schema, t.name): t for t in current.tables}
    for t in desired.tables:
        cur = by_name.get((t.schema, t.renamed_from)) if t.renamed_from else None
        if cur is None or (t.schema, t.name) in by_name:
            continue
        acl = out.pop(("table", (t.schema, t.renamed_from)), None)
        out[("table", (t.schema, t.name))] = acl
    for t in desired.tables:
        renames = {c.renamed_from: c.name for c in t.columns if c.renamed_from}
        acl = out.get(("table", (t.schema, t.name)))
        if renames and acl:
            out[("table", (t.schema, t.name))] = sorted_acl(
                Privilege(p.grantee, p.privilege, renames.get(p.column, p.column), p.grant_option) for p in acl)
    return out


def diff_grants(current: Database, desired: Database, changes: list[ch.Change]) -> list[ch.Change]:
    """Privilege changes, given every other change of the plan."""
    created, dropped, cols_created, cols_dropped = _created_dropped(changes)
    before = _renamed_current(current, desired)
    after = dict(acl_objects(desired))
    out: list[ch.Change] = []
    for obj in sorted(set(before) | set(after)):
        target, name = obj
        kind = _ACL_KIND[target]
        label = name[0] if target == "schema" else ""
        default = effective(None, kind, label)
        if obj in before and (obj in dropped or obj not in after):
            out += _changes(obj, effective(before[obj], kind, label), default, "dropped")
        if obj in after and (obj in created or obj not in before):
            reset = _default_grantees(current, target, name) | _default_grantees(desired, target, name)
            out += _changes(obj, default, effective(after[obj], kind, label), "created", reset)
        elif obj in before and obj in after and obj not in dropped:
            old, new = effective(before[obj], kind, label), effective(after[obj], kind, label)
            if old != new:
                out += _column_changes(obj, old, new, cols_created, cols_dropped)
    return out + diff_default_privileges(current, desired)


def _defaults(db: Database) -> dict[tuple, Privs]:
    out: dict[tuple, list] = defaultdict(list)
    for d in db.default_privileges:
        out[(d.role, d.schema or "", d.on, d.grantee)].append((d.privilege, d.grant_option))
    return {k: tuple(sorted(set(v))) for k, v in out.items()}


def diff_default_privileges(current: Database, desired: Database) -> list[ch.Change]:
    """``ALTER DEFAULT PRIVILEGES`` per (role, schema, object type, grantee) that differs."""
    old, new = _defaults(current), _defaults(desired)
    out: list[ch.Change] = []
    for key in sorted(set(old) | set(new)):
        o, n = old.get(key, ()), new.get(key, ())
        if o != n:
            role, schema, on, grantee = key
            out.append(ch.ChangeDefaultPrivileges(role, schema or None, on, grantee, o, n))
    return out


__all__ = ["DefaultPrivilege", "acl_objects", "diff_grants"]
