"""The direct YAML emitter writes exactly what ruamel writes, or steps aside (no database).

``emit`` either returns ruamel's text byte for byte or raises ``Unsupported`` (the writer then
uses ruamel): random documents of the import subset, hostile strings, and the layouts import
writes. The whole suite also runs every import with ``FORGE_EMIT_CHECK=1`` (conftest.py).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from schemaforge.entities.emit import Unsupported, emit, ruamel_dump
from schemaforge.entities.yamlstyle import FlowMap, FlowSeq, dump, flow, flow_seq, ruamel_tree

HOSTILE = ["plain", "two words", "true", "True", "null", "~", "yes", "no", "on", "1", "1.5", "0x1f", "1e3",
           "2020-01-01", "-", "- x", "a: b", "a:b", "a #b", "#x", "x#", "'q'", "it's", 'say "hi"', "a,b", "[x]",
           "{x}", "&a", "*a", "!t", "|x", ">x", "%x", "@x", "`x`", "?x", " lead", "trail ", "dbl  space",
           "é", "日本", "tab\there", "$$", "--", "/* c */", "x; DROP TABLE t", "(qty >= 0)", "lower(email)",
           "now()", "numeric(12,2)", "", "\u2028", "\x00", "a\\b", "=", "<>", "*", "(", ")"]

scalars = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12), st.integers(-10**6, 10**6), st.booleans())
keys = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=10))


def _flow_of(children):
    return st.one_of(
        st.lists(children, max_size=3).map(flow_seq),
        st.dictionaries(keys, children, max_size=3).map(lambda d: flow(d)),
    )


flow_values = st.recursive(scalars, _flow_of, max_leaves=6)
literal = st.text(alphabet="ab \n#:-'\"", min_size=1, max_size=20).map(LiteralScalarString)


def _block_of(children):
    return st.one_of(
        st.dictionaries(keys, children, min_size=1, max_size=3).map(CommentedMap),
        st.lists(children, min_size=1, max_size=3).map(CommentedSeq),
    )


block_values = st.recursive(st.one_of(flow_values, literal), _block_of, max_leaves=10)
documents = st.dictionaries(keys, block_values, min_size=1, max_size=4).map(CommentedMap)


def _same_or_unsupported(doc: CommentedMap) -> bool:
    """True when the direct emitter wrote the document (it must equal ruamel's text)."""
    try:
        fast = emit(doc)
    except Unsupported:
        return False
    assert fast == ruamel_dump(ruamel_tree(doc))
    return True


@settings(max_examples=600, deadline=None, derandomize=True)
@given(documents)
def test_random_documents_equal_ruamel_or_step_aside(doc):
    _same_or_unsupported(doc)
    assert dump(doc) == ruamel_dump(ruamel_tree(doc))  # what the writer uses, whichever path ran


def test_ruamel_tree_keeps_each_collections_style():
    """The writer's plain and flow collections reach ruamel as the CommentedMap/Seq, flow or
    block, that the writer used to make; ruamel's own types pass through with their style."""
    old = CommentedMap({"a": CommentedSeq([1])})
    old["a"].fa.set_flow_style()
    doc = {"m": FlowMap({"x": FlowSeq(["y"])}), "b": {"c": ["d"]}, "old": old}
    tree = ruamel_tree(doc)
    assert type(tree) is CommentedMap and not tree.fa.flow_style()
    assert type(tree["m"]) is CommentedMap and tree["m"].fa.flow_style()
    assert type(tree["m"]["x"]) is CommentedSeq and tree["m"]["x"].fa.flow_style()
    assert not tree["b"].fa.flow_style() and not tree["b"]["c"].fa.flow_style()
    assert tree["old"]["a"].fa.flow_style() and not tree["old"].fa.flow_style()
    assert ruamel_dump(tree) == "m: {x: [y]}\nb:\n  c:\n    - d\nold:\n  a: [1]\n"
    assert emit(doc) == ruamel_dump(tree)


def test_every_hostile_string_as_key_and_value_in_block_and_flow():
    for s in HOSTILE:
        _same_or_unsupported(CommentedMap({"k": s}))
        _same_or_unsupported(CommentedMap({"k": flow({"a": s, "b": flow_seq([s, 1])})}))
        if s:
            _same_or_unsupported(CommentedMap({s: flow({s: True})}))


def test_import_layout_takes_the_direct_path():
    """What a table file holds (a flow column per line, block lists of flow maps, a literal
    view body) is written directly, not handed to ruamel: the speed of import rests on it."""
    doc = CommentedMap({"entities": CommentedMap({"T1": CommentedMap({
        "table": "t1", "comment": "table number 1",
        "columns": CommentedMap({"id": flow({"type": "bigint", "primary": True, "identity": "always"}),
                                 "amount": flow({"type": "numeric(12,2)", "default": 0}),
                                 "at": flow({"type": "timestamptz", "default_sql": "now()"})}),
        "checks": CommentedMap({"t1_qty_check": "(qty >= 0)"}),
        "indexes": CommentedSeq([flow({"name": "i", "expressions": flow_seq(["lower(email)"]), "where": "active"})]),
    })}), "views": CommentedMap({"v": CommentedMap({"sql": LiteralScalarString("SELECT 1\n  FROM t1\n")})})})
    assert _same_or_unsupported(doc)
    assert emit(doc).splitlines()[6] == "      amount: {type: 'numeric(12,2)', default: 0}"
