"""The last plan's normalized YAML model, remembered for the next plan of the same YAML.

A warm plan's YAML model comes from ``.forge/cache`` (:mod:`schemaforge.entities`); normalizing
it again (~0.1-0.2 s at 1,000 tables, beside the catalog read) gives what it gave last time
when nothing it depends on changed. It depends on the YAML model — the model's own cache key
names it: schemaforge's version, the default schema, every YAML and body file's bytes — on
the version of the server that normalizes it, and on the schemas in scope. Those three are this
memo's key; the per-table cache of :mod:`schemaforge.normalize` trusts the same things.

One entry, written whole or not at all when the command ends (as the model cache is), and
refused on its first line when its key differs, never unpickled then.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from .background import detach_at_exit
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
    if cache_dir is None or key is None:
        return None
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
                             ValueError), (Path(cache_dir) / FILE).open("rb") as f:
        if f.readline() == f"{key}\n".encode():
            return pickle.loads(f.read())
    return None


def remember(cache_dir: Path | None, key: str | None, model: ModelKey | None, normalized: Database) -> None:
    """``normalized`` under ``key``, written when the command ends (nothing is if a body file
    changed meanwhile: see :class:`~schemaforge.entities.ModelKey`)."""
    if cache_dir is not None and key is not None and model is not None:
        detach_at_exit(_write, Path(cache_dir), key, model, normalized)


def _write(cache_dir: Path, key: str, model: ModelKey, normalized: Database) -> None:
    if not model.current():
        return
    with contextlib.suppress(OSError):
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f"{FILE}.{os.getpid()}.tmp"
        tmp.write_bytes(f"{key}\n".encode() + pickle.dumps(normalized))
        os.replace(tmp, cache_dir / FILE)
