"""The pieces every model module shares: schema-qualified names and canonical order.

Kinds added later live in modules of their own next to this one (``model/<kind>.py``) and
import only from here, so ``model/__init__`` can re-export them without a cycle.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from typing import TypeVar

T = TypeVar("T")


def by_name(items) -> tuple:
    """Sort objects by their ``name`` so tuple equality is order-independent."""
    items = tuple(items)
    return items if len(items) < 2 else tuple(sorted(items, key=_name))


def _name(o) -> str:
    return o.name


class Same:
    """Equality of model objects, remembered for the pairs asked.

    A plan compares every table of the target with its counterpart in the YAML twice: to find
    what to settle (:func:`schemaforge.normalize.settle_current`), then in the diff. Frozen
    models never change, so a pair's answer stands; the pair is kept with it, so an id is never
    taken for another object's."""

    def __init__(self) -> None:
        self._known: dict[tuple[int, int], tuple[object, object, bool]] = {}

    def __call__(self, a: object, b: object) -> bool:
        key = (id(a), id(b))
        hit = self._known.get(key)
        if hit is None:
            hit = self._known[key] = (a, b, a == b)
        return hit[2]


def evolve(obj: T, **changes) -> T:
    """``dataclasses.replace`` for the model's frozen dataclasses, five times faster.

    ``replace`` calls the generated ``__init__``, which sets each field through
    ``object.__setattr__``: ~12 µs for a column, and a plan makes thousands of copies. The
    model's classes hold nothing but their fields in ``__dict__`` (no ``__post_init__``, no
    ``init=False`` field, no slots, no cached property: ``tests/test_evolve.py`` checks each),
    so a copy of that dict with the changes is the same object ``replace`` makes. A name that
    is not a field is refused, as ``replace`` refuses it."""
    state = obj.__dict__
    if not changes.keys() <= state.keys():
        raise TypeError(f"{type(obj).__name__} has no field {sorted(changes.keys() - state.keys())[0]!r}")
    new = object.__new__(type(obj))
    values = new.__dict__
    values.update(state)  # in field order, as ``__init__`` leaves them: the pickle (and the
    values.update(changes)  # fingerprint) of equal objects is the same bytes
    return new


_MISSING = object()
_TEMPLATES: dict[type, tuple[dict, frozenset]] = {}


def make(cls: type[T], **values) -> T:
    """``cls(**values)`` for a model class without the generated ``__init__`` (~2x faster,
    for the classes made by the thousand: columns). Same object: every field in field order,
    the defaults where ``values`` says nothing; a missing or unknown field is refused."""
    found = _TEMPLATES.get(cls)
    if found is None:
        template = {f.name: _MISSING if f.default is MISSING else f.default for f in fields(cls)}
        if any(f.default_factory is not MISSING for f in fields(cls)):
            raise TypeError(f"{cls.__name__}: make() takes no default factory")
        found = _TEMPLATES[cls] = (template, frozenset(k for k, v in template.items() if v is _MISSING))
    template, required = found
    if not (required <= values.keys() <= template.keys()):
        given = values.keys()
        missing = sorted(required - given)
        raise TypeError(f"{cls.__name__}: missing field {missing[0]!r}" if missing
                        else f"{cls.__name__} has no field {sorted(given - template.keys())[0]!r}")
    new = object.__new__(cls)
    state = new.__dict__
    state.update(template)
    state.update(values)
    return new


@dataclass(frozen=True)
class QName:
    """A schema-qualified name."""

    schema: str
    name: str

    def __str__(self) -> str:
        return f"{self.schema}.{self.name}"
