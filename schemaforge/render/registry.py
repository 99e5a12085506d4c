"""Which function renders which change class: filled by the kind modules as they load.

Each kind module marks its renderers with ``@renders(ch.SomeChange)``, so adding a kind never
edits a central table. A change class nobody registered fails loudly, by name, instead of
rendering nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import changes as ch
from .locks import tag_all

Renderer = Callable[..., list[str]]

RENDERERS: dict[type[ch.Change], Renderer] = {}


def renders(cls: type[ch.Change]) -> Callable[[Renderer], Renderer]:
    """Register the decorated function as the renderer of ``cls`` (once per class)."""

    def register(fn: Renderer) -> Renderer:
        if cls in RENDERERS:
            raise TypeError(f"{cls.__name__} already rendered by {RENDERERS[cls].__name__}")
        RENDERERS[cls] = fn
        return fn

    return register


def render_change(change: ch.Change) -> list[str]:
    """The statements (without trailing semicolons) that perform one change, each
    tagged with its kind (:mod:`.locks`)."""
    fn = RENDERERS.get(type(change))
    if fn is None:
        raise TypeError(f"no renderer for {type(change).__name__}: register one with @renders")
    return tag_all(change, fn(change))
