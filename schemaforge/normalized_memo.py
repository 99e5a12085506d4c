"""The last plan's normalized YAML model, remembered for the next plan of the same YAML.

A warm plan's YAML model comes from ``.forge/cache`` (:mod:`schemaforge.entities`); normalizing
it again (~0.1-0.2 s at 1,000 tables, beside the catalog read) gives what it gave last time
when nothing it depends on changed. It depends on the YAML model — the model's own cache key
names it: schemaforge's version, the default schema, every YAML and body file's bytes — on
the version of the server that normalizes it, and on the schemas in scope. Those three are this
memo's key; the per-table cache of :mod:`schemaforge.normalize` trusts the same things.

One entry in a :mod:`schemaforge.keyed_pickle` file, as the model cache is: written when the
command ends, refused on its first line when its key differs.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from .background import detach_at_exit
from .keyed_pickle import read_keyed, write_keyed
from .model import Database

if TYPE_CHECKING:
    from .entities import ModelKey

FILE = "normalized.pickle"


def memo_key(model: ModelKey | None, server_version: int, schemas: list[str] | None) -> str | None:
    if model is None:
        return None
    return hashlib.sha256(f"{model.key}\0{server_version}\0{schemas!r}".encode()).hexdigest()


def recall(cache_dir: Path | None, key: str | None) -> Database | None:
    """The normalized model remembered under ``key``, or None."""
    return None if cache_dir is None else read_keyed(Path(cache_dir) / FILE, key)


def remember(cache_dir: Path | None, key: str | None, model: ModelKey | None, normalized: Database) -> None:
    """``normalized`` under ``key``, written when the command ends (nothing is if a body file
    changed meanwhile: see :class:`~schemaforge.entities.ModelKey`)."""
    if cache_dir is not None and key is not None and model is not None:
        detach_at_exit(_write, Path(cache_dir) / FILE, key, model, normalized)


def _write(path: Path, key: str, model: ModelKey, normalized: Database) -> None:
    if model.current():
        write_keyed(path, key, normalized)
