"""The order of a plan, on change objects built by hand: no database, milliseconds.

Each input lists the changes in an order that would not run (the dependant first), so a test
passes only if a dependency edge, not the diff's position, puts them right.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from schemaforge import changes as ch
from schemaforge.model import (
    Column,
    CompositeType,
    Domain,
    Enum,
    ForeignKey,
    Identity,
    Index,
    IndexElement,
    PrimaryKey,
    QName,
    Sequence,
    Table,
    View,
)
from schemaforge.order import edges, labels_first, order, reverse

ROOT = Path(__file__).resolve().parent.parent


def _describe(changes: list[ch.Change]) -> list[str]:
    return [c.describe() for c in changes]


def _table(name: str, *columns: Column, **kw) -> Table:
    return Table("public", name, columns or (Column("id", "integer", nullable=False),), **kw)


def _view(name: str, definition: str) -> View:
    return View("public", name, definition)


def test_a_view_over_a_view_is_created_after_it_and_dropped_before_it():
    base = _view("v_base", " SELECT t.id FROM public.t;")
    top = _view("a_top", " SELECT v_base.id FROM public.v_base;")
    assert _describe(order([ch.CreateView(top), ch.CreateView(base)])) == [
        "create view public.v_base",
        "create view public.a_top",
    ]
    assert _describe(order([ch.DropView(base), ch.DropView(top)])) == [
        "drop view public.a_top",
        "drop view public.v_base",
    ]


def test_a_foreign_key_cycle_between_new_tables_is_both_tables_then_both_keys():
    a = _table("a", Column("id", "integer", nullable=False), Column("b_id", "integer"),
               primary_key=PrimaryKey("a_pkey", ("id",)))
    b = _table("b", Column("id", "integer", nullable=False), Column("a_id", "integer"),
               primary_key=PrimaryKey("b_pkey", ("id",)))
    a_to_b = ForeignKey("a_b_id_fkey", ("b_id",), b.qname, ("id",))
    b_to_a = ForeignKey("b_a_id_fkey", ("a_id",), a.qname, ("id",))
    up = order([
        ch.AddConstraint(a.qname, a_to_b, new_table=True),
        ch.CreateTable(a),
        ch.AddConstraint(b.qname, b_to_a, new_table=True),
        ch.CreateTable(b),
    ])
    assert _describe(up) == [
        "create table public.a (2 columns)",
        "create table public.b (2 columns)",
        "add foreign key a_b_id_fkey",
        "add foreign key b_a_id_fkey",
    ]
    down = order([ch.DropTable(a), ch.DropConstraint(a.qname, a_to_b, new_table=True),
                  ch.DropTable(b), ch.DropConstraint(b.qname, b_to_a, new_table=True)])
    assert _describe(down) == [
        "drop foreign key a_b_id_fkey",
        "drop foreign key b_a_id_fkey",
        "drop table public.a",
        "drop table public.b",
    ]


def test_a_dropped_column_used_by_a_view_drops_the_view_first_and_recreates_it_after():
    t = QName("public", "t")
    old = _view("v", " SELECT t.id, t.note FROM public.t;")
    new = _view("v", " SELECT t.id FROM public.t;")
    changes = [ch.CreateView(new), ch.DropColumn(t, Column("note", "text")), ch.DropView(old, replaced=True)]
    # the edges alone say it, whatever the stages: drop view -> drop column -> create view
    assert {(2, 1), (1, 0)} <= set(edges(changes))
    assert _describe(order(changes)) == [
        "drop view public.v",
        "drop column note",
        "create view public.v",
    ]


def test_a_type_used_by_a_column_is_created_before_the_table_and_dropped_after_it():
    mood = Enum("public", "mood", ("sad", "happy"))
    t = _table("t", Column("m", "public.mood"))
    assert edges([ch.CreateTable(t), ch.CreateEnum(mood)]) == [(1, 0)]
    assert edges([ch.DropEnum(mood), ch.DropTable(t)]) == [(1, 0)]
    assert _describe(order([ch.CreateTable(t), ch.CreateEnum(mood)])) == [
        "create enum public.mood (sad, happy)",
        "create table public.t (1 columns)",
    ]
    assert _describe(order([ch.DropEnum(mood), ch.DropTable(t)])) == [
        "drop table public.t",
        "drop enum public.mood",
    ]


def test_types_over_types_of_one_stage_go_by_what_they_use():
    """Same stage, dependant first in the input: only the edges can put them right."""
    inner = Domain("public", "positive", "integer")
    outer = Domain("public", "small_positive", "public.positive")
    pair = CompositeType("public", "pair", (("a", "public.small_positive", None), ("b", "integer", None)))
    assert _describe(order([ch.CreateCompositeType(pair), ch.CreateDomain(outer), ch.CreateDomain(inner)])) == [
        "create domain public.positive as integer",
        "create domain public.small_positive as public.positive",
        "create type public.pair (a, b)",
    ]


def test_a_renamed_index_frees_its_name_for_another_index():
    t = QName("public", "t")
    ix = Index("t_a_idx", (IndexElement(column="a"),))
    up = order([ch.CreateIndex(t, ix), ch.RenameIndex("public", t, "t_a_idx", "t_a_old_idx")])
    assert _describe(up) == ["rename index t_a_idx to t_a_old_idx", "create index t_a_idx"]
    # a chain of renames in one stage: b -> c frees the name a -> b takes
    chain = order([ch.RenameIndex("public", t, "ix_a", "ix_b"), ch.RenameIndex("public", t, "ix_b", "ix_c")])
    assert _describe(chain) == ["rename index ix_b to ix_c", "rename index ix_a to ix_b"]


def test_a_serial_turned_identity_drops_its_sequence_before_the_identity_takes_the_name():
    t = QName("public", "t")
    serial = Column("id", "integer", nullable=False, default="nextval('public.t_id_seq'::regclass)")
    bare = Column("id", "integer", nullable=False)
    identity = Column("id", "integer", nullable=False, identity=Identity(always=False))
    changes = [
        ch.AlterColumn(t, bare, identity),
        ch.DropSequence(Sequence("public", "t_id_seq"), early=True),
        ch.AlterColumn(t, serial, bare, early=True),
    ]
    assert [(c.kind, getattr(c, "early", None)) for c in order(changes)] == [
        ("alter_column", True),
        ("drop_sequence", True),
        ("alter_column", False),
    ]


def test_ties_go_by_stage_then_by_the_diffs_position():
    e = Enum("public", "e", ("x",))
    t1, t2 = _table("t1"), _table("t2")
    ix = Index("t1_id_idx", (IndexElement(column="id"),))
    changes = [ch.CreateIndex(t1.qname, ix, new_table=True), ch.CreateTable(t2), ch.CreateTable(t1),
               ch.CreateEnum(e)]
    assert _describe(order(changes)) == [
        "create enum public.e (x)",
        "create table public.t2 (1 columns)",
        "create table public.t1 (1 columns)",
        "create index t1_id_idx",
    ]


def test_the_down_list_is_the_reverse_and_labels_come_first():
    old, new = Enum("public", "e", ("a",)), Enum("public", "e", ("a", "b"))
    t = _table("t")
    up = order([ch.CreateTable(t), ch.AddEnumValues(old, new)])
    labels, rest = labels_first(up)
    assert _describe(labels) == ["add value(s) b to enum public.e"]
    assert _describe(rest) == ["create table public.t (1 columns)"]
    assert _describe(reverse(up)) == ["drop table public.t", "recreate enum public.e (a, b) -> (a)"]


PLAN_SCRIPT = textwrap.dedent("""
    from schemaforge import changes as ch
    from schemaforge.model import Column, Domain, Enum, ForeignKey, PrimaryKey, QName, Table, View
    from schemaforge.order import order, reverse
    from schemaforge.render import render_statements

    tables = [Table("public", f"t{i}", (Column("id", "integer", nullable=False),
                                        Column("ref", "integer"), Column("m", "public.mood")),
                    primary_key=PrimaryKey(f"t{i}_pkey", ("id",))) for i in range(8)]
    changes = [ch.CreateView(View("public", f"v{i}", f" SELECT t{i}.id FROM public.t{i};"))
               for i in range(8)]
    changes += [ch.AddConstraint(t.qname, ForeignKey(f"{t.name}_ref_fkey", ("ref",),
                                                     QName("public", f"t{(i + 1) % 8}"), ("id",)),
                                 new_table=True) for i, t in enumerate(tables)]
    changes += [ch.CreateTable(t) for t in reversed(tables)]
    changes += [ch.CreateDomain(Domain("public", "d", "public.mood")),
                ch.CreateEnum(Enum("public", "mood", ("a", "b")))]
    up = order(changes)
    print("\\n".join(render_statements(up)))
    print("\\n".join(render_statements(reverse(up))))
""")


def _plan_under_seed(seed: str) -> str:
    env = {"PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", PLAN_SCRIPT], env=env, capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return out.stdout


def test_the_ordered_plan_is_byte_identical_under_two_hash_seeds():
    first, second = _plan_under_seed("1"), _plan_under_seed("4242")
    assert first and first == second


def test_created_types_go_enums_then_domains_then_composite_types_when_no_edge_orders_them():
    """The stages keep the old plans' order where edges leave a choice (a plan reads the same
    after the restructure): enums, domains, composite types, then sequences."""
    e = Enum("public", "e", ("x",))
    d = Domain("public", "d", "integer")
    c = CompositeType("public", "c", (("a", "integer", None),))
    s = Sequence("public", "s2")
    assert _describe(order([ch.CreateSequence(s), ch.CreateCompositeType(c), ch.CreateDomain(d), ch.CreateEnum(e)])) == [
        "create enum public.e (x)",
        "create domain public.d as integer",
        "create type public.c (a)",
        "create sequence public.s2",
    ]


def test_a_serial_released_early_goes_default_ownership_sequence_before_new_sequences_and_drops():
    t = _table("t", Column("id", "integer", nullable=False))
    serial = Column("id", "integer", nullable=False, default="nextval('public.t_id_seq'::regclass)")
    bare = Column("id", "integer", nullable=False)
    identity = Column("id", "integer", nullable=False, identity=Identity(always=False))
    owned = Sequence("public", "t_id_seq", owned_by=("public", "t", "id"))
    free = Sequence("public", "t_id_seq")
    ix = Index("t_id_idx", (IndexElement(column="id"),))
    changes = [
        ch.CreateSequence(Sequence("public", "s2")),
        ch.AlterColumn(t.qname, serial, bare, early=True),
        ch.DropView(_view("v", " SELECT 1;")),
        ch.AlterSequence(owned, free, early=True),
        ch.DropIndex(t.qname, ix),
        ch.DropSequence(free, early=True),
        ch.AlterColumn(t.qname, bare, identity),
    ]
    assert [(c.kind, getattr(c, "early", None)) for c in order(changes)] == [
        ("alter_column", True),
        ("alter_sequence", True),
        ("drop_sequence", True),
        ("create_sequence", None),
        ("drop_view", None),
        ("drop_index", None),
        ("alter_column", False),
    ]


def test_a_cycle_is_cut_inside_it_never_before_a_predecessor_outside_it():
    from schemaforge.order import toposort

    # 0 <-> 1 is a cycle; 2 needs 0 and has the smallest key: it must still wait for 0
    assert toposort([(5,), (6,), (0,)], [(0, 1), (1, 0), (0, 2)]) == [0, 2, 1]
    # two cycles, the second entered from the first: the first is cut first
    assert toposort([(3,), (1,), (2,), (0,)], [(0, 1), (1, 0), (2, 3), (3, 2), (1, 2)]) == [1, 0, 3, 2]


def test_a_recreated_enum_goes_after_what_leaves_it_and_before_what_takes_it():
    """Listed the wrong way round: a view naming the type, a new column of it, then the drop of
    a column of it and the view; the recreate's key on the type puts each on its side."""
    mood, old = Enum("public", "mood", ("ok", "sad")), Enum("public", "mood", ("sad", "ok", "happy"))
    t = QName("public", "t")
    view = _view("v", " SELECT 'ok'::public.mood AS m;")
    changes = [
        ch.CreateView(view),
        ch.AddColumn(t, Column("n", "public.mood")),
        ch.RecreateEnum(old, mood, ((t, "m", None, None, False),)),
        ch.DropColumn(t, Column("gone", "public.mood")),
        ch.DropView(view, replaced=True),
    ]
    assert _describe(order(changes)) == [
        "drop view public.v",
        "drop column gone",
        "recreate enum public.mood (sad, ok, happy) -> (ok, sad)",
        "add column n public.mood",
        "create view public.v",
    ]


def test_a_sequence_moves_to_its_new_owner_before_the_old_one_is_dropped():
    t = QName("public", "t")
    old = Sequence("public", "s", "bigint", owned_by=("public", "t", "a"))
    new = Sequence("public", "s", "bigint", owned_by=("public", "t", "b"))
    changes = [ch.DropColumn(t, Column("a", "integer")), ch.AlterSequence(old, new), ch.AddColumn(t, Column("b", "integer"))]
    assert _describe(order(changes)) == ["add column b integer", "alter sequence public.s", "drop column a"]
    assert _describe(reverse(order(changes))) == ["add column a integer", "alter sequence public.s", "drop column b"]
