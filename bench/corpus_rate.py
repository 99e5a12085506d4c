"""Pass rate over a corpus of (current SQL, desired SQL) pairs, up and down.

    python bench/corpus_rate.py [DIR]     # default: tests/corpus

A pair is a ``*.sql`` file with ``-- current`` and ``-- desired`` sections (the folder is its
kind). For each pair: plan current → desired, apply up, compare with the desired database
(our introspection and a normalized pg_dump), apply down, compare with current again. Prints
the pass rate per kind and overall, and the first error of each failing pair. Runs on the
embedded server, or on DATABASE_URL's server.

``bench/peer_corpus.py`` runs other tools' corpora through the same pieces: :func:`scratch`
(the server and two reusable databases), :func:`first_line` and :func:`print_rates`.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from tests.pairs import roundtrip
    from tests.test_corpus import parse_pair

    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "corpus"
    results: dict[str, list[bool]] = defaultdict(list)
    failures: list[str] = []
    started = time.perf_counter()
    with scratch() as (version, fresh):
        for path in sorted(corpus.glob("*/*.sql")):
            pair = parse_pair(path)
            if version < pair.requires:
                continue
            try:
                roundtrip(fresh, pair.current, pair.desired)
                results[pair.kind].append(True)
            except Exception as exc:  # noqa: BLE001 (a failing pair is data here)
                results[pair.kind].append(False)
                failures.append(f"{pair.kind}/{pair.name}: {first_line(exc)}")
    print_rates(results, f"server {version}, {time.perf_counter() - started:.0f} s")
    for f in failures:
        print("FAIL", f)


@contextlib.contextmanager
def scratch() -> Iterator[tuple[int, object]]:
    """The server (embedded, or DATABASE_URL's) and a ``fresh()`` that hands out its two
    scratch databases, emptied, like the corpus tests do; the databases are dropped after."""
    from schemaforge.database import embedded
    from schemaforge.database.session import EMPTY_DATABASE, Server, server_for

    url = os.environ.get("DATABASE_URL")
    server = server_for(url) if url else Server(embedded.ensure_server(Path("/tmp/schemaforge-test-pg")))
    names = [f"forge_rate_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    for n in names:
        server.create_database(n)
    try:
        yield server.version(), _fresh_factory(server, names, EMPTY_DATABASE)
    finally:
        for n in names:
            server.drop_database(n)


def first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:160]


def print_rates(results: dict[str, list[bool]], note: str) -> None:
    """``kind  passed/total`` per kind, then the total with ``note``."""
    total = sum(len(v) for v in results.values())
    passed = sum(sum(v) for v in results.values())
    for kind in sorted(results):
        print(f"{kind:24s} {sum(results[kind]):4d}/{len(results[kind]):<4d}")
    print(f"{'total':24s} {passed:4d}/{total:<4d} = {100 * passed / max(total, 1):.1f}% ({note})")


def _fresh_factory(server, names: list[str], reset: str):
    """Hands out the two reusable databases in turn, emptied, like the corpus tests do (a
    round trip takes one for current and one for desired)."""
    pool = itertools.cycle(names)

    def fresh() -> str:
        name = next(pool)
        with server.connect(name, autocommit=True) as conn:
            conn.execute(reset)
        return server.url_for(name)

    return fresh


if __name__ == "__main__":
    main()
