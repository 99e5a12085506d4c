"""Objects the plan drops and creates again because something they depend on changes come
back whole: each recreate cause (an enum losing a value, a function's result type, a column's
type, a domain's base type, a view's options, a partitioned table's key) × each thing attached
to the recreated view or materialized view (grants, column grants, comments, a view trigger,
policies using it, an index and extended statistics on a materialized view). Each case is
planned, applied up and compared with the desired database (our introspection and the
normalized ``pg_dump``), then applied down and compared with the current one
(:func:`tests.pairs.roundtrip`). Operators dropped and created again take what uses them
(index, view, check, exclusion constraint, policy) along the same way."""

from __future__ import annotations

import pytest

from tests.pairs import roundtrip

ROLE = ("DO $$ BEGIN CREATE ROLE \"gc_read\" NOLOGIN; "
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;\n")

# {labels} {dom} {fret} {ntype} {partition} {vopts}: what each cause changes
BASE = """CREATE TYPE mood AS ENUM ({labels});
CREATE DOMAIN dom AS {dom};
CREATE FUNCTION f(x integer) RETURNS {fret} LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE TABLE t (id integer NOT NULL, m mood, d dom, n {ntype}){partition};
CREATE {mat}VIEW v{vopts} AS SELECT id, m, d, n, f(id) AS fx FROM t;
"""
PLAIN = dict(labels="'a', 'b', 'c'", dom="integer", fret="integer", ntype="integer", partition="", vopts="")
PART = " PARTITION BY RANGE (id);\nCREATE TABLE t_1 PARTITION OF t FOR VALUES FROM (0) TO (10)"
PART_LIST = " PARTITION BY LIST (id);\nCREATE TABLE t_1 PARTITION OF t FOR VALUES IN (1, 2)"
CAUSES = {
    "enum": ({}, {"labels": "'a', 'b'"}),
    "enum_added": ({"labels": "'a', 'b'"}, {}),  # ADD VALUE: the down recreates the type and the views
    "function": ({}, {"fret": "bigint"}),
    "column": ({}, {"ntype": "bigint"}),
    "domain": ({}, {"dom": "bigint"}),
    "options": ({}, {"vopts": " WITH (security_barrier)", "mat_vopts": " WITH (fillfactor = 70)"}),
    "partitioned": ({"partition": PART}, {"partition": PART_LIST}),
}
TRIGGER = """CREATE FUNCTION v_ins() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER v_ins INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION v_ins();
COMMENT ON TRIGGER v_ins ON v IS 'kept';
"""
POLICIES = """CREATE TABLE o (id integer, k text);
ALTER TABLE o ENABLE ROW LEVEL SECURITY;
CREATE POLICY over_v ON o USING (EXISTS (SELECT 1 FROM v WHERE v.id = o.id));
CREATE POLICY over_f ON o FOR UPDATE USING (f(o.id) > 0);
CREATE POLICY over_mood ON o FOR DELETE USING (o.k::mood <> 'a'::mood);
CREATE POLICY over_dom ON o FOR INSERT WITH CHECK (o.id::dom > 0);
"""
ATTACH = {
    "grant": ROLE + "GRANT SELECT, INSERT ON v TO gc_read;\n",
    "column_grant": ROLE + "GRANT SELECT (id, m) ON v TO gc_read;\n",
    "comment": "COMMENT ON {kind} v IS 'the view';\nCOMMENT ON COLUMN v.fx IS 'f of id';\n",
    "trigger": TRIGGER,
    "policy": POLICIES,
    "index": "CREATE INDEX v_id ON v (id);\nCREATE UNIQUE INDEX v_uq ON v (id, n) WHERE id > 0;\n",
    "statistics": "CREATE STATISTICS v_st ON id, n FROM v;\nCOMMENT ON STATISTICS v_st IS 's';\n",
}
VIEW_ONLY, MAT_ONLY = {"trigger"}, {"index", "statistics"}


def schema(mat: bool, settings: dict, attach: str) -> str:
    s = {**PLAIN, "mat_vopts": "", **settings}
    mat_vopts = s.pop("mat_vopts")
    if mat:
        s["vopts"] = mat_vopts
    kind = "MATERIALIZED VIEW" if mat else "VIEW"
    text = BASE.format(mat="MATERIALIZED " if mat else "", **s) + ATTACH[attach].format(kind=kind)
    return text


def _cases():
    for mat in (False, True):
        for attach in ATTACH:
            if attach in (MAT_ONLY if not mat else VIEW_ONLY):
                continue
            for cause in CAUSES:
                yield pytest.param(mat, cause, attach, id=f"{'matview' if mat else 'view'}-{cause}-{attach}")


@pytest.mark.parametrize(("mat", "cause", "attach"), list(_cases()))
def test_recreated_view_keeps_what_is_attached(make_db, mat, cause, attach):
    before, after = CAUSES[cause]
    roundtrip(make_db, schema(mat, before, attach), schema(mat, after, attach))
