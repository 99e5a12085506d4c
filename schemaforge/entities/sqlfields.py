"""Every YAML field that is pasted into SQL, checked to be exactly one thing of its kind.

Collations are checked in the spelling the model gets (a bare name is quoted whole).
Expressions and queries are checked where their meaning is (``validate``); this table covers
the fields that used to go through unparsed: collations, operator classes, access methods,
operators, storage parameters, partition keys and bounds, and the types of domains and
composite attributes. Adding a field that reaches SQL means adding one line here.
"""

from __future__ import annotations

import re

from .. import fragments as F
from ..errors import Problem
from .build import collation
from .loader import Doc
from .paths import Patterns

# (path pattern, kind, what to call it). "*" is any mapping key, "[]" any list index,
# "{key}" checks the keys of the mapping there rather than its values.
_INDEX = ("indexes", "[]")
FIELDS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("entities", "*", "columns", "*", "collation"), "collation", "collation"),
    *(
        (owner + _INDEX + tail, kind, what)
        for owner in (("entities", "*"), ("views", "*"))
        for tail, kind, what in (
            (("columns", "[]", "collation"), "collation", "index collation"),
            (("columns", "[]", "opclass"), "opclass", "index operator class"),
            (("method",), "method", "index method"),
            (("with", "{key}"), "storage key", "index storage parameter"),
            (("with", "*"), "storage value", "index storage parameter value"),
        )
    ),
    (("entities", "*", "exclusions", "[]", "method"), "method", "exclusion constraint method"),
    (("entities", "*", "exclusions", "[]", "elements", "[]", "element"), "expression", "exclusion constraint element"),
    (("entities", "*", "exclusions", "[]", "elements", "[]", "with"), "operator", "exclusion constraint operator"),
    *((owner + ("statistics", "[]", "expressions", "[]"), "expression", "statistics expression")
      for owner in (("entities", "*"), ("views", "*"))),
    (("entities", "*", "partition_by"), "partition_by", "partition_by"),
    (("entities", "*", "with", "{key}"), "storage key", "table storage parameter"),
    (("entities", "*", "with", "*"), "storage value", "table storage parameter value"),
    (("entities", "*", "partition_bound"), "partition_bound", "partition_bound"),
    (("views", "*", "options", "{key}"), "storage key", "view option"),
    (("views", "*", "options", "*"), "storage value", "view option value"),
    (("domains", "*", "type"), "type", "domain type"),
    (("domains", "*", "collation"), "collation", "domain collation"),
    (("composite_types", "*", "attributes", "*"), "type", "attribute type"),
    (("composite_types", "*", "attributes", "*", "type"), "type", "attribute type"),
    (("composite_types", "*", "attributes", "*", "collation"), "collation", "attribute collation"),
    (("range_types", "*", "subtype"), "type", "range subtype"),
    (("range_types", "*", "subtype_opclass"), "opclass", "range subtype operator class"),
    (("range_types", "*", "collation"), "collation", "range collation"),
    (("range_types", "*", "canonical"), "function", "range canonical function"),
    (("range_types", "*", "subtype_diff"), "function", "range subtype_diff function"),
)

_PATTERNS = Patterns(tuple(pattern for pattern, _, _ in FIELDS))


def check_sql_fields(doc: Doc) -> list[Problem]:
    """Problems with the SQL-bearing fields of one file, each at its YAML node."""
    problems: list[Problem] = []
    for (_, kind, what), matches in zip(FIELDS, _PATTERNS.select(doc.data), strict=True):
        for path, value, is_key in matches:
            if value is None or isinstance(value, bool):
                continue
            text = value if isinstance(value, str) else str(value)
            err = _bare_collation_error(text) if kind == "collation" else F.CHECKS[kind](text)
            if err:
                line, col = doc.pos(path, key=is_key)
                problems.append(Problem(doc.file, line, col, f"{what} {text!r} is not accepted: {err}",
                                        hint=_HINTS.get(kind)))
    return problems


_BARE_COLLATION = re.compile(r"[\w.@-]+")


def _bare_collation_error(text: str) -> str | None:
    """A bare name (``C``, ``en-US-x-icu``) is quoted whole; anything odder must be quoted."""
    if '"' not in text and not _BARE_COLLATION.fullmatch(text):
        return 'write a collation name (letters, digits, _ - . @), or double-quote an unusual one'
    return F.CHECKS["collation"](collation(text))


_HINTS = {
    "collation": 'write a collation name such as C, "en-US-x-icu" or public.mine',
    "opclass": "write an operator class name such as text_pattern_ops",
    "method": "write an access method name such as btree, gin, gist or hnsw",
    "operator": "write one operator such as && or =",
    "type": "write a type name such as text, numeric(12, 2), myschema.mytype or integer[]",
    "storage key": "write a parameter name such as fillfactor",
    "storage value": "write a number, a word or a quoted string",
    "function": "write a function name such as float8mi or myschema.my_func",
}
