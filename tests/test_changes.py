"""Change classes and their renderers, without a database."""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import pytest

from schemaforge import changes as ch
from schemaforge.model import QName
from schemaforge.render import RENDERERS, render_change

CHANGE_CLASSES = [
    cls for name in ch.__all__
    if inspect.isclass(cls := getattr(ch, name)) and issubclass(cls, ch.Change) and cls is not ch.Change
]


def test_every_change_class_has_a_renderer():
    assert CHANGE_CLASSES
    assert [c.__name__ for c in CHANGE_CLASSES if c not in RENDERERS] == []


def test_every_change_class_declares_its_stage():
    undeclared = [c.__name__ for c in CHANGE_CLASSES if "stage" not in vars(c)]
    assert undeclared == []


def test_a_change_class_without_a_renderer_fails_loudly():
    @dataclass(frozen=True)
    class CreatePolicy(ch.Change):
        table: QName

    with pytest.raises(TypeError, match="no renderer for CreatePolicy"):
        render_change(CreatePolicy(QName("public", "t")))


def test_a_change_class_cannot_be_rendered_twice():
    from schemaforge.render import renders

    with pytest.raises(TypeError, match="CreateTable already rendered"):
        renders(ch.CreateTable)(lambda c: [])
