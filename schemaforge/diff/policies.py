"""Row-level security of each table: the ENABLE / FORCE flags and the policies.

Tables are matched across a ``renamed_from`` (the policies stay with a renamed table), and a
renamed column is predicted in the current policies' text as PostgreSQL prints it after
``RENAME COLUMN``. A policy whose command or permissive/restrictive kind changes, or that
gains or loses its ``USING`` or ``WITH CHECK`` clause, is dropped and created (``ALTER
POLICY`` could do the latter but not undo it); roles and new expressions are an ``ALTER
POLICY``. A policy is dropped before and created after a function it calls, or a view, enum,
domain or composite type it names, that the plan recreates, a column it names whose type changes (or whose enum is recreated), and a table the
plan recreates. On a renamed table, policies are dropped under the old name, before the rename.
"""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..dependencies import mentioned, uses_object
from ..model import Database, Policy, QName, Table
from .catalog_text import rename_column_in
from .keys import by_key, qkey


def diff_policies(cur: Database, des: Database, recreated: set[QName], earlier: list[ch.Change]) -> list[ch.Change]:
    """``recreated``: functions, views and types dropped and created again; ``earlier``: the plan's changes of
    the kinds compared before (a table dropped to be created again takes its policies with it;
    a recreated enum converts its columns, which PostgreSQL refuses under a policy)."""
    renewed = {c.table.qname for c in earlier if isinstance(c, ch.DropTable) and c.replaced}
    converted = {(t, col) for c in earlier if isinstance(c, ch.RecreateEnum) for t, col, *_ in c.columns}
    c, d = by_key(cur.tables, qkey), by_key(des.tables, qkey)
    was: dict[tuple[str, str], QName] = {}  # a renamed table: its policies are dropped under the old name
    for k, t in d.items():
        if t.renamed_from and k not in c and (t.schema, t.renamed_from) in c:
            c[k] = replace(c.pop((t.schema, t.renamed_from)), name=t.name)
            was[k] = QName(t.schema, t.renamed_from)
    out: list[ch.Change] = []
    for k, t in c.items():
        if k not in d or t.qname in renewed:
            out += _all(t, drop=True)
    for k, t in d.items():
        if k not in c or t.qname in renewed:
            out += _all(t, drop=False)
        else:
            out += _table(_renamed_columns(c[k], t), t, recreated, {col for q, col in converted if q == t.qname},
                          was.get(k, t.qname))
    return out


def _all(t: Table, *, drop: bool) -> list[ch.Change]:
    """Every policy and flag of a table created or dropped with the plan."""
    q = t.qname
    out: list[ch.Change] = []
    if drop:
        out += [ch.DropPolicy(q, p, columns_of(t, p)) for p in by_key(t.policies).values()]
        out += [ch.DisableRowSecurity(q, True)] if t.rls_enabled else []
        out += [ch.NoForceRowSecurity(q, True)] if t.rls_forced else []
    else:
        out += [ch.CreatePolicy(q, p, columns_of(t, p)) for p in by_key(t.policies).values()]
        out += [ch.EnableRowSecurity(q, True)] if t.rls_enabled else []
        out += [ch.ForceRowSecurity(q, True)] if t.rls_forced else []
    return out


def columns_of(t: Table, p: Policy) -> tuple[str, ...]:
    """The columns of ``t`` the policy's expressions name (a word that is also a function or
    an alias counts too: one edge too many is safe, one too few is not)."""
    names = [QName(t.schema, c.name) for c in t.columns]
    found = {n.name for text in (p.using, p.with_check) if text for n in mentioned(text, names)}
    return tuple(c.name for c in t.columns if c.name in found)


def _renamed_columns(old: Table, new: Table) -> Table:
    """The current table's policies as PostgreSQL prints them after the renames of ``new``."""
    for col in new.columns:
        if col.renamed_from and old.column(col.name) is None and old.column(col.renamed_from) is not None:
            txt = lambda s, a=col.renamed_from, b=col.name: rename_column_in(s, a, b)  # noqa: E731
            old = replace(
                old,
                columns=tuple(replace(c, name=col.name) if c.name == col.renamed_from else c for c in old.columns),
                policies=tuple(replace(p, using=txt(p.using), with_check=txt(p.with_check)) for p in old.policies),
            )
    return old


def _table(old_t: Table, new_t: Table, recreated: set[QName], converted: set[str], old_q: QName) -> list[ch.Change]:
    """``old_q``: the table's name before the plan (drops go before a rename, the rest after)."""
    q = new_t.qname
    out: list[ch.Change] = []
    if old_t.policies or new_t.policies:  # most tables have none: only the flags to compare
        out += _policies(old_t, new_t, recreated, converted, old_q)
    if old_t.rls_enabled != new_t.rls_enabled:
        out.append(ch.EnableRowSecurity(q) if new_t.rls_enabled else ch.DisableRowSecurity(q))
    if old_t.rls_forced != new_t.rls_forced:
        out.append(ch.ForceRowSecurity(q) if new_t.rls_forced else ch.NoForceRowSecurity(q))
    return out


def _policies(old_t: Table, new_t: Table, recreated: set[QName], converted: set[str], old_q: QName) -> list[ch.Change]:
    q = new_t.qname
    out: list[ch.Change] = []
    c, d = by_key(old_t.policies), by_key(new_t.policies)
    for name, p in d.items():  # renames: only where the old name is gone and the new one new
        if p.renamed_from and name not in c and p.renamed_from in c and p.renamed_from not in d:
            out.append(ch.RenamePolicy(q, p.renamed_from, name))
            c[name] = replace(c.pop(p.renamed_from), name=name)
    retyped = converted | {col.name for col in new_t.columns
                           if (o := old_t.column(col.name)) is not None and o.type != col.type}

    def redo(old: Policy, new: Policy) -> bool:
        texts = [s for s in (old.using, old.with_check, new.using, new.with_check) if s]
        return (old.command != new.command or old.permissive != new.permissive
                or (old.using is None) != (new.using is None) or (old.with_check is None) != (new.with_check is None)
                or any(uses_object(s, f) for s in texts for f in sorted(recreated, key=str))
                or bool(retyped & {*columns_of(old_t, old), *columns_of(new_t, new)}))

    for name, p in c.items():
        if name not in d or redo(p, d[name]):
            out.append(ch.DropPolicy(old_q, p, columns_of(old_t, p)))
    for name, p in d.items():
        old = c.get(name)
        if old is None or redo(old, p):
            out.append(ch.CreatePolicy(q, p, columns_of(new_t, p)))
            continue
        if (old.roles, old.using, old.with_check) != (p.roles, p.using, p.with_check):
            out.append(ch.AlterPolicy(q, old, p, columns_of(old_t, old), columns_of(new_t, p)))
        if old.comment != p.comment:
            out.append(ch.CommentPolicy(q, name, old.comment, p.comment))
    return out
