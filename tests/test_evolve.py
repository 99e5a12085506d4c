"""``model.evolve`` (the fast ``dataclasses.replace``) is sound only while every model class
holds nothing but its fields in ``__dict__``: checked here for each class, so a class that
gains a ``__post_init__``, an ``init=False`` field, slots or a cached property fails."""

from __future__ import annotations

import dataclasses
import functools
import importlib
import pickle
import pkgutil
from pathlib import Path

import pytest

import schemaforge.model
from schemaforge.entities import load_schema
from schemaforge.model import Column, Index, IndexElement, evolve, make

ROOT = Path(__file__).resolve().parent.parent


def model_classes() -> list[type]:
    found = {}
    for info in [None, *pkgutil.iter_modules(schemaforge.model.__path__)]:
        module = schemaforge.model if info is None else importlib.import_module(f"schemaforge.model.{info.name}")
        for obj in vars(module).values():
            if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__.startswith("schemaforge.model"):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[k] for k in sorted(found)]


@pytest.mark.parametrize("cls", model_classes(), ids=lambda c: c.__name__)
def test_model_class_holds_only_its_fields(cls):
    params = cls.__dataclass_params__
    assert params.frozen and params.init
    assert not hasattr(cls, "__post_init__")
    assert "__slots__" not in vars(cls)
    assert all(f.init for f in dataclasses.fields(cls))
    assert not [k for k, v in vars(cls).items() if isinstance(v, functools.cached_property | property)
                and k in {f.name for f in dataclasses.fields(cls)}]
    assert not [k for k, v in vars(cls).items() if isinstance(v, functools.cached_property)]


def objects(value, seen):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if id(value) in seen:
            return
        seen.add(id(value))
        yield value
        for f in dataclasses.fields(value):
            yield from objects(getattr(value, f.name), seen)
    elif isinstance(value, tuple | list):
        for v in value:
            yield from objects(v, seen)


def test_evolve_equals_replace_on_a_whole_model():
    db = load_schema(ROOT / "schema")
    checked = 0
    for o in objects(db, set()):
        names = [f.name for f in dataclasses.fields(o)]
        assert list(vars(o)) == names, type(o)
        assert evolve(o) == dataclasses.replace(o) and vars(evolve(o)) == vars(o)
        name = names[0]
        other = evolve(o, **{name: "x"})
        # the same fields in the same order: the same pickle, the same fingerprint
        assert list(vars(other).items()) == list(vars(dataclasses.replace(o, **{name: "x"})).items())
        assert pickle.dumps(other) == pickle.dumps(dataclasses.replace(o, **{name: "x"}))
        made = make(type(o), **{f: getattr(o, f) for f in names})
        assert list(vars(made).items()) == list(vars(o).items()) and pickle.dumps(made) == pickle.dumps(o)
        assert type(other) is type(o) and other is not o
        checked += 1
    assert checked > 100


def test_evolve_refuses_what_is_not_a_field():
    with pytest.raises(TypeError, match="no field 'nope'"):
        evolve(Column("a", "text"), nope=1)
    c = Column("a", "text")
    evolve(c, default="1")
    assert c.default is None  # the original is untouched


def test_make_equals_the_constructor():
    assert list(vars(make(Column, type="text", name="a")).items()) == list(vars(Column("a", "text")).items())
    made = make(Column, name="a", type="int", nullable=False, comment="c")
    built = Column("a", "int", nullable=False, comment="c")
    assert made == built and pickle.dumps(made) == pickle.dumps(built)
    with pytest.raises(TypeError, match="missing field 'type'"):
        make(Column, name="a")
    with pytest.raises(TypeError, match="no field 'nope'"):
        make(Column, name="a", type="int", nope=1)
    element = IndexElement(column="a")
    assert make(Index, name="i", elements=(element,)) == Index("i", (element,))


def test_column_hints_are_carried_field_by_field():
    """normalize's hint carrier: the same column when nothing differs, else each hint taken."""
    from schemaforge.normalize import _with_column_hints

    plain = Column("a", "text")
    assert _with_column_hints(plain, None) is plain and _with_column_hints(plain, Column("a", "int")) is plain
    for hint in ("renamed_from", "using", "using_down"):
        hinted = evolve(plain, **{hint: "x"})
        assert getattr(_with_column_hints(plain, hinted), hint) == "x"
        assert _with_column_hints(hinted, hinted) is hinted
        assert getattr(_with_column_hints(hinted, None), hint) is None
        assert getattr(_with_column_hints(hinted, plain), hint) is None
    both = evolve(plain, renamed_from="r", using="u")
    carried = _with_column_hints(evolve(plain, renamed_from="r"), both)
    assert (carried.renamed_from, carried.using, carried.using_down) == ("r", "u", None)
