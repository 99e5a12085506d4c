"""The compiled code of the methods ``dataclasses`` writes, kept between runs.

Every frozen dataclass of the model and the change types gets ``__init__``, ``__eq__``,
``__hash__``, ``__repr__``, ``__setattr__`` and ``__delattr__`` as source text that
``dataclasses`` compiles at import: about a thousand compiles, a fifth of the time a command
spends importing. The text is the same in every run, so the code compiled from it is too.
:func:`install` makes ``dataclasses`` look up that code by its exact source text in a
``marshal`` file beside our own ``.pyc`` files, and compile only what is not there yet; the
new entries are written when the process ends. Nothing else changes: the functions are made
by ``exec`` of the same code, and any problem with the file (missing, unreadable, from another
Python, damaged) means compiling as before.

``FORGE_CODE_CACHE=0`` turns it off; ``FORGE_CODE_CACHE=PATH`` puts the file elsewhere. Like
``.pyc`` files, it is read but not written under ``PYTHONDONTWRITEBYTECODE`` (unless a path is set).
"""

from __future__ import annotations

import atexit
import builtins
import marshal
import os
import sys
from pathlib import Path
from types import CodeType

_known: dict[str, CodeType] = {}
_new: dict[str, CodeType] = {}
_used: set[str] = set()
# the file keeps what every command compiled; past this many entries (classes changed many
# times in a development checkout) it restarts from what this run used
MAX_ENTRIES = 5000
_where: list[Path] = []


def cache_file() -> Path | None:
    """Where the code is kept: our ``__pycache__`` (named for this Python), or the override."""
    setting = os.environ.get("FORGE_CODE_CACHE", "")
    if setting == "0":
        return None
    if setting:
        return Path(setting)
    tag = sys.implementation.cache_tag
    if tag is None:  # an implementation that writes no bytecode
        return None
    return Path(__file__).parent / "__pycache__" / f"dataclass-methods.{tag}.{sys.hexversion:x}.marshal"


def _exec(source, globals=None, locals=None):  # noqa: A002 - exec's own parameter names
    """``exec`` for ``dataclasses``: source text is compiled once per installation."""
    if type(source) is str:
        code = _known.get(source)
        if code is not None:
            _used.add(source)
        else:
            # dont_inherit: compiled as ``exec`` in ``dataclasses`` would, without this
            # module's ``from __future__ import annotations`` (the annotations stay objects)
            code = _new[source] = compile(source, "<string>", "exec", dont_inherit=True)
        source = code
    return builtins.exec(source, globals, locals)


def install() -> None:
    """Read the kept code and point ``dataclasses`` at :func:`_exec`; before any dataclass of ours."""
    import dataclasses

    path = cache_file()
    if path is None or getattr(dataclasses, "exec", None) is _exec:
        return
    try:
        loaded = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        loaded = None
    if isinstance(loaded, dict):
        _known.update((k, v) for k, v in loaded.items() if type(k) is str and type(v) is CodeType)
    _where.append(path)
    dataclasses.exec = _exec  # a module global is found before the builtin
    atexit.register(_save)


def compiled_here() -> int:
    """How many sources this process compiled (0 when every one was kept): for tests."""
    return len(_new)


def _save() -> None:
    """Write the known and new code when anything was compiled in this run (atomically)."""
    if not _new or not _where:
        return
    if sys.dont_write_bytecode and not os.environ.get("FORGE_CODE_CACHE"):
        return  # PYTHONDONTWRITEBYTECODE: no files beside the code, as for .pyc (read if there)
    path = _where[0]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        kept = _known if len(_known) + len(_new) <= MAX_ENTRIES else {k: _known[k] for k in sorted(_used)}
        tmp.write_bytes(marshal.dumps({**kept, **_new}))
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass  # a read-only installation: compile each time, as without the cache
