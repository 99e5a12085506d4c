"""The quick YAML path reads exactly what the full loader reads, or steps aside.

For generated schema-like documents, and for the same documents with random characters
inserted (quotes, colons, hashes, brackets, dashes, line breaks), ``quickyaml.parse`` either
raises ``Unsupported`` or returns the data the full loader returns. It must never accept a
text the full loader refuses. Examples are derandomized, so CI replays what passed here;
``FORGE_QUICKYAML_EXAMPLES=20000`` hunts longer (a random run once found ``[?id]``: in a
flow collection ``?`` opens an explicit key, and the quick path now leaves it alone).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.error import YAMLError

from schemaforge.entities import quickyaml
from schemaforge.entities.loader import _Fallback, _fast_load, _round_trip, load_text

EXAMPLES = int(os.environ.get("FORGE_QUICKYAML_EXAMPLES", "600"))


def full(text: str):
    """The full loader's answer (dates as dates, as the quick path reads them), or "error"."""
    try:
        try:
            return _fast_load(text)  # positioned containers compare equal to plain ones
        except _Fallback:
            return _round_trip().load(text)
    except (YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        return "error"


def check(text: str) -> None:
    try:
        quick = quickyaml.parse(text)
    except quickyaml.Unsupported:
        return
    assert quick == full(text), text


_SAFE = ["id", "name", "bigint", "text", "varchar(20)", "qty >= 0", "now()", "lower(email)", "true", "1", "0.5",
         "public", "users_x", "a b c", "é", "x.y", "set null"]
_WORDS = ["id", "name", "type", "text", "bigint", "varchar(20)", "numeric(12,2)", "true", "false", "null", "~",
          "1", "-1", "0.5", "1e3", "0x1f", "yes", "no", "2024-01-01", "now()", "a b", "x::text", "a:b", "#x",
          "a #b", "-x", "?x", ":x", "é", "🦀", "it's", "1_000", ".inf", "00", "+1", "", "a,b", "{", "]", "'q'",
          '"d"', "a: b", "- a", "\u2028", "\xa0#"]


def _scalar() -> st.SearchStrategy[str]:
    odd = st.one_of(st.sampled_from(_WORDS), st.text(alphabet=" abc:#,'\"-?[]{}012.éx", max_size=8))
    return st.integers(0, 9).flatmap(lambda n: odd if n == 0 else st.sampled_from(_SAFE))


def _render_scalar(s: str, quoting: int) -> str:
    if quoting == 1:
        return "'" + s.replace("'", "''") + "'"
    if quoting == 2:
        return '"' + s + '"'
    return s


def _quoting() -> st.SearchStrategy[int]:
    return st.sampled_from([0, 0, 0, 1, 2])


@st.composite
def _flow(draw, depth: int = 0) -> str:
    if depth < 2 and draw(st.booleans()):
        keys = draw(st.lists(_scalar(), max_size=4))
        inner = ", ".join(f"{k}: {_render_scalar(draw(_scalar()), draw(_quoting()))}" if draw(st.booleans())
                          else f"{k}: {draw(_flow(depth + 1))}" for k in keys)
        return "{ " + inner + " }" if draw(st.booleans()) else "{" + inner + "}"
    items = draw(st.lists(_scalar(), max_size=4))
    return "[" + ", ".join(_render_scalar(i, draw(_quoting())) for i in items) + "]"


@st.composite
def _block(draw, indent: int = 0, depth: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if draw(st.booleans()) and depth > 0:  # a sequence
        for _ in range(draw(st.integers(1, 3))):
            kind = draw(_quoting())
            if kind == 0:
                lines.append(f"{pad}- {draw(_flow())}")
            elif kind == 1:
                lines.append(f"{pad}- {_render_scalar(draw(_scalar()), draw(_quoting()))}")
            else:
                inner = draw(_block(indent + 2, depth + 1))
                if inner:
                    lines.append(f"{pad}- {inner[0].lstrip(' ')}")
                    lines.extend(inner[1:])
        return lines
    keys = draw(st.lists(st.sampled_from(["id", "name", "columns", "entities", "a-b", "k.x", "type", "indexes",
                                          "where", "table", "comment"]), min_size=1, max_size=4, unique=True))
    if draw(st.integers(0, 9)) == 0:  # now and then a key the quick path leaves alone
        keys.append(draw(st.sampled_from(["1", "true", "x y", "é", "\"q\"", "id", "? k", "[a]"])))
    for key in keys:
        kind = draw(st.integers(0, 5))
        comment = draw(st.sampled_from(["", "  # note", " #x", "#y"]))
        if kind == 5:  # a literal block scalar: a view's SQL, a function body
            lines.append(f"{pad}{key}: {draw(st.sampled_from(['|', '|-', '|  # sql', '|+', '|2']))}")
            for _ in range(draw(st.integers(0, 4))):
                extra = " " * draw(st.sampled_from([0, 0, 0, 1, 2]))
                body = draw(st.sampled_from(["SELECT 1", "# not a comment", "a: b", "", "  ", "- x", "'q'", "x #y"]))
                lines.append(f"{pad}  {extra}{body}" if body else "")
            continue
        if kind == 0 and depth < 4:
            lines.append(f"{pad}{key}:{comment}")
            lines.extend(draw(_block(indent + draw(st.sampled_from([0, 2, 4])), depth + 1)))
        elif kind == 1:
            lines.append(f"{pad}{key}: {draw(_flow())}{comment}")
        else:
            value = _render_scalar(draw(_scalar()), draw(_quoting()))
            lines.append(f"{pad}{key}: {value}{comment}")
        if draw(st.integers(0, 39)) == 0:
            lines.append(draw(st.sampled_from(["", "# c", "   # c", pad + "  more", "---", "\t"])))
    return lines


@given(st.data())
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_quick_path_agrees_with_the_full_loader(data) -> None:
    text = "\n".join(data.draw(_block())) + "\n"
    check(text)
    # the same text with a few random characters inserted
    for _ in range(3):
        pos = data.draw(st.integers(0, len(text)))
        ch = data.draw(st.sampled_from([":", " ", "#", ",", "'", '"', "-", "{", "}", "[", "]", "\n", "  ", "&a",
                                        "*a", "!", "|", ">", "\\", "?", "\r", "\t", "\ufeff"]))
        text = text[:pos] + ch + text[pos:]
        check(text)


@pytest.mark.parametrize(("text", "value"), [
    ("a: |\n  x\n   y\n\n  z\nb: 1\n", {"a": "x\n y\n\nz\n", "b": 1}),
    ("a: |-\n  x\n  # c\nb: 1\n", {"a": "x\n# c", "b": 1}),
    ("k:\n  a: |  # sql\n    sel\n  b: 2\n", {"k": {"a": "sel\n", "b": 2}}),
])
def test_literal_block_scalars(text, value) -> None:
    assert quickyaml.parse(text) == value == full(text)


@pytest.mark.parametrize("text", [
    "a: |+\n  x\n",                     # keep chomping
    "a: |\n\n  x\n",                    # a leading blank line
    "a: |\n  x",                         # no line break at the end
    "where: [?id]\n",                    # "?" opens an explicit key in a flow collection
    "where: { k: ?id }\n",
    "k: ?x\n",
    "a: 1\na: 2\n",                      # duplicate key: the full loader reports it
    "a: b: c\n",                         # an error
    "a: &x 1\nb: *x\n",                  # anchors
    "a: !!python/object x\n",            # tags
    "a: \"x\\ny\"\n",                    # escapes
    "a: [1,\n  2]\n",                    # multi-line flow
    "a: b\n  c\n",                       # multi-line plain
    "a:\tb\n",                           # tab
    "---\na: 1\n",                       # document marker
])
def test_outside_the_subset_goes_to_the_full_loader(text) -> None:
    with pytest.raises(quickyaml.Unsupported):
        quickyaml.parse(text)


def test_quick_docs_find_positions_on_demand() -> None:
    doc, problems = load_text("entities:\n  User:\n    columns:\n      id: { type: bigint, primary: true }\n", "a.yaml")
    assert problems == [] and doc is not None
    assert doc.text is not None  # read by the quick path: no positions yet
    assert doc.pos(("entities", "User", "columns", "id", "type")) == (4, 19)
    assert doc.pos(("entities", "User"), key=True) == (2, 3)


def test_schema_file_shapes() -> None:
    text = (
        "# comment\n"
        "schema: app\n"
        "entities:\n"
        "  User:\n"
        "    table: users   # trailing comment\n"
        "    columns:\n"
        "      id:    { type: bigint, primary: true, identity: always }\n"
        "      price: { type: numeric(12,2), default: 0 }\n"
        "      note:  { type: text, nullable: true, check: \"note <> ''\" }\n"
        "    indexes:\n"
        "    - { columns: [name, id], where: 'price > 0' }\n"
        "    - name: users_x\n"
        "      expressions: [\"lower(note)\"]\n"
        "    checks:\n"
        "      positive: price >= 0\n"
    )
    assert quickyaml.parse(text) == full(text)
    assert quickyaml.parse(text)["entities"]["User"]["columns"]["price"] == {"type": "numeric(12", "2)": None,
                                                                              "default": 0}


def test_a_valid_schema_is_read_once(monkeypatch, tmp_path) -> None:
    """Positions cost a second parse: only a file with a problem may ask for them."""
    import subprocess
    import sys
    from pathlib import Path

    from schemaforge.entities import load_schema, loader

    def refuse(text):
        raise AssertionError("positions loaded for a valid file")

    monkeypatch.setattr(loader, "_positioned", refuse)
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, str(root / "bench" / "schemagen.py"), "--tables", "30", "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for schema_dir in (root / "schema", root / "examples" / "shop" / "schema", tmp_path / "base", tmp_path / "variant"):
        assert load_schema(schema_dir).tables


_FLOW_KEYS = ["name", "columns", "references", "table", "where", "on_delete", "a-b", "k.x", "id"]
_FLOW_VALUES = ["t_idx", "id", "lower(email)", "1", "true", "null", "0.5", "set null", "é", "x.y", "qty >= 0"]


@st.composite
def _simple_flow_text(draw, depth: int = 0) -> str:
    """A schema-like flow mapping the simple reader takes: scalars, sequences of scalars and (one
    level down) mappings of those, in any order and spacing."""
    def scalar() -> str:
        v = draw(st.sampled_from(_FLOW_VALUES))
        return f'"{v}"' if draw(st.booleans()) else (v if v != "qty >= 0" else f'"{v}"')

    entries = []
    for key in draw(st.lists(st.sampled_from(_FLOW_KEYS), min_size=1, max_size=4, unique=True)):
        kind = draw(st.integers(0, 3 if depth == 0 else 2))
        if kind == 0:
            value = scalar()
        elif kind == 1:
            value = "[" + draw(st.sampled_from([", ", ",", " , "])).join(
                scalar() for _ in range(draw(st.integers(0, 3)))) + "]"
        elif kind == 2:
            value = ""
        else:
            value = draw(_simple_flow_text(depth + 1))
        entries.append(f"{key}: {value}" if value else key)
    sep = draw(st.sampled_from([", ", ",", " ,  "]))
    return draw(st.sampled_from(["{ ", "{"])) + sep.join(entries) + draw(st.sampled_from([" }", "}"]))


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(_simple_flow_text())
def test_simple_flows_are_read_by_the_fast_reader_as_the_full_loader_reads_them(text):
    quick = quickyaml._simple_flow(text)
    assert quick is not None, text  # the fast reader takes every one of these
    assert quick == full(f"x: {text}\n")["x"], text
    again = quickyaml._simple_flow(text)  # from the memo: equal, and no container shared with the first
    assert again == quick and not _shared(quick, again), text


def _shared(a, b) -> bool:
    if isinstance(a, dict | list):
        if a is b:
            return True
        pairs = zip(a.values(), b.values(), strict=True) if isinstance(a, dict) else zip(a, b, strict=True)
        return any(_shared(x, y) for x, y in pairs)
    return False


def test_words_read_as_strings_are_strings_to_the_resolver():
    """The shortcut for word-like scalars (no resolver call) agrees with the resolver on every
    word of up to three characters over letters that spell YAML's booleans and nulls."""
    import itertools

    from ruamel.yaml.cyaml import CSafeLoader
    from ruamel.yaml.nodes import ScalarNode

    loader = CSafeLoader("")
    alphabet = "aAeEfFlLnNoOrRsStTuUyY_0x"
    for size in (1, 2, 3):
        for letters in itertools.product(alphabet, repeat=size):
            word = "".join(letters)
            if quickyaml._WORD.fullmatch(word) and word.lower() not in quickyaml._RESOLVED_WORDS:
                assert str(loader.resolve(ScalarNode, word, (True, False))) == "tag:yaml.org,2002:str", word
    for word in ("true", "False", "NULL", "Null", "yes", "On"):
        assert quickyaml._scalar(word) == full(f"x: {word}\n")["x"]


def _resolved(text: str):
    """What the full loader's resolver and constructor make of a plain scalar (the slow path)."""
    from ruamel.yaml.cyaml import CSafeLoader
    from ruamel.yaml.nodes import ScalarNode

    loader = CSafeLoader("")
    tag = loader.resolve(ScalarNode, text, (True, False))
    if tag == "tag:yaml.org,2002:str":
        return text
    try:
        return loader.construct_object(ScalarNode(tag, text), deep=True)
    except (ValueError, OverflowError, TypeError):
        return text


@given(st.one_of(st.text(alphabet="tTfFnNuUlLrReEsSaAoOyY~_0123456789 ().-:+xX#é", min_size=1, max_size=7),
                 st.sampled_from(["true", "True", "TRUE", "tRUE", "false", "FALSE", "null", "NULL", "nULL", "~",
                                  "0", "00", "01", "10", "123456789012345678", "1234567890123456789", "now()",
                                  "yes", "No", "on", "OFF", "y", "N", "_", "_x", "a b", "x.y", "t ", "n:"])))
@settings(max_examples=EXAMPLES, deadline=None)
def test_scalars_typed_without_the_resolver_are_typed_as_it_types_them(text):
    """The quick reader types letter-first text, the booleans and nulls both YAML versions
    spell alike, and plain decimal integers itself (the full loader is then not even
    imported); each answer is the resolver's, value and type (``True == 1`` in Python)."""
    try:
        quick = quickyaml._Scalars()(text)
    except quickyaml.Unsupported:
        return
    slow = _resolved(text)
    assert (type(quick), quick) == (type(slow), slow), text


def test_a_schema_of_plain_scalars_needs_no_full_loader():
    """``now()``, ``true``, ``0``, names: a usual schema file is read without importing ruamel."""
    from tests.conftest import python_out

    code = ("import sys; from schemaforge.entities import quickyaml as q; "
            "d = q.parse('a:\\n  b: { type: bigint, primary: true, default: 0 }\\n  c: now()\\n  d: ~\\n'); "
            "print(d, 'ruamel.yaml' in sys.modules)")
    assert python_out(code) == "{'a': {'b': {'type': 'bigint', 'primary': True, 'default': 0}, 'c': 'now()', 'd': None}} False\n"
