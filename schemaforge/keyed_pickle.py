"""A pickle file that starts with its key on a line of its own: the model cache and the
normalized-model memo. A reader whose key differs is refused on that line, never unpickling
(~0.09 s for a 1,000-table model); a writer replaces the file whole or not at all."""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path


def read_keyed(path: Path, key: str | None) -> object | None:
    """What ``path`` holds under ``key``, or None (no key, no file, another key, a broken file)."""
    if key is None:
        return None
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
                             ValueError), path.open("rb") as f:
        if f.readline() == f"{key}\n".encode():
            return pickle.loads(f.read())
    return None


def write_keyed(path: Path, key: str, value: object) -> None:
    """``value`` under ``key`` at ``path``, through a temporary file renamed over it (a reader
    never sees half a file); a failure to write leaves the old file."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(f"{key}\n".encode() + pickle.dumps(value))
        os.replace(tmp, path)
