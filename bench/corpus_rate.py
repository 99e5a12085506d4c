"""Pass rate over a corpus of (current SQL, desired SQL) pairs, up and down.

    python bench/corpus_rate.py [DIR]     # default: tests/corpus

A pair is a ``*.sql`` file with ``-- current`` and ``-- desired`` sections (the folder is its
kind). For each pair: plan current → desired, apply up, compare with the desired database
(our introspection and a normalized pg_dump), apply down, compare with current again. Prints
the pass rate per kind and overall, and the first error of each failing pair. Runs on the
embedded server, or on DATABASE_URL's server.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from schemaforge.database import embedded
    from schemaforge.database.session import EMPTY_DATABASE, Server, server_for
    from tests.pairs import roundtrip
    from tests.test_corpus import parse_pair

    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "corpus"
    url = os.environ.get("DATABASE_URL")
    server = server_for(url) if url else Server(embedded.ensure_server(Path("/tmp/schemaforge-test-pg")))
    names = [f"forge_rate_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    for n in names:
        server.create_database(n)
    version = server.version()
    results: dict[str, list[bool]] = defaultdict(list)
    failures: list[str] = []
    started = time.perf_counter()
    try:
        for path in sorted(corpus.glob("*/*.sql")):
            pair = parse_pair(path)
            if version < pair.requires:
                continue
            try:
                roundtrip(_fresh_factory(server, names, EMPTY_DATABASE), pair.current, pair.desired)
                results[pair.kind].append(True)
            except Exception as exc:  # noqa: BLE001 (a failing pair is data here)
                results[pair.kind].append(False)
                failures.append(f"{pair.kind}/{pair.name}: {str(exc).splitlines()[0][:160]}")
    finally:
        for n in names:
            server.drop_database(n)
    total = sum(len(v) for v in results.values())
    passed = sum(sum(v) for v in results.values())
    for kind in sorted(results):
        print(f"{kind:20s} {sum(results[kind]):4d}/{len(results[kind]):<4d}")
    print(f"{'total':20s} {passed:4d}/{total:<4d} = {100 * passed / max(total, 1):.1f}% "
          f"(server {version}, {time.perf_counter() - started:.0f} s)")
    for f in failures:
        print("FAIL", f)


def _fresh_factory(server, names: list[str], reset: str):
    """Hands out the two reusable databases, emptied, like the corpus tests do."""
    pool = iter(names)

    def fresh() -> str:
        name = next(pool)
        with server.connect(name, autocommit=True) as conn:
            conn.execute(reset)
        return server.url_for(name)

    return fresh


if __name__ == "__main__":
    main()
