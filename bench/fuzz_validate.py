"""A longer fuzzing campaign of `forge validate` than the test suite runs.

    python bench/fuzz_validate.py --examples 20000 [--seed 1] [--show 3]

Draws documents from the strategies of ``tests/test_fuzz.py`` (mutated schema files, nodes of
the wrong type, hostile documents), runs `forge validate` in-process on each, and prints the
count of examples per outcome: ``valid`` (exit 0) and ``located`` (exit 1, every line a
``file:line:col`` problem) are good; anything else (``traceback``, ``unlocated``, ``slow``,
``wrote``, ``exit N``) is a bug, shown with its first example. Exit status 1 if any.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.test_fuzz import HOSTILE, SEEDS, mutated, run_validate, wrong_typed  # noqa: E402

GOOD = ("valid", "located")


def signature(kind: str, detail: str) -> str:
    """Group failures by the last line of the traceback (the exception), else by kind."""
    if kind == "traceback":
        return detail.strip().splitlines()[-1][:160]
    return kind


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", type=int, default=1, help="examples printed per kind of failure")
    ap.add_argument("--save", type=Path, help="write every failing document into this directory")
    args = ap.parse_args()

    counts: collections.Counter[str] = collections.Counter()
    failures: dict[str, list[tuple[bytes, str]]] = collections.defaultdict(list)
    kinds: collections.Counter[str] = collections.Counter()
    slowest = [0.0]

    documents = st.one_of(
        st.tuples(st.just("mutated"), mutated()),
        st.tuples(st.just("wrong type"), wrong_typed()),
        st.tuples(st.just("hostile"), HOSTILE),
    )

    @settings(max_examples=args.examples, deadline=None, database=None, derandomize=False,
              phases=["generate"], suppress_health_check=list(HealthCheck))
    @given(documents, st.sampled_from(SEEDS))
    def campaign(drawn, seed):
        family, doc = drawn
        started = time.monotonic()
        outcome = run_validate({"fuzz.yaml": doc, **({"good.yaml": seed} if family == "hostile" else {})})
        slowest[0] = max(slowest[0], time.monotonic() - started)
        counts[outcome.kind] += 1
        kinds[family] += 1
        if outcome.kind not in GOOD:
            sig = signature(outcome.kind, outcome.detail)
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"{outcome.kind}-{sum(counts.values())}.yaml").write_bytes(doc)
            if len(failures[sig]) < args.show:
                failures[sig].append((doc[:400], outcome.detail[-1500:]))

    started = time.monotonic()
    campaign._hypothesis_internal_use_seed = args.seed  # reproducible campaigns per --seed
    campaign()
    elapsed = time.monotonic() - started
    total = sum(counts.values())
    print(f"{total} examples in {elapsed:.1f} s ({', '.join(f'{k}: {v}' for k, v in sorted(kinds.items()))}); "
          f"slowest {slowest[0] * 1000:.0f} ms")
    for kind, n in counts.most_common():
        print(f"  {kind:<12} {n:>7}  {'ok' if kind in GOOD else 'BUG'}")
    for sig, examples in failures.items():
        print(f"\n== {sig}")
        for doc, detail in examples:
            print(f"-- document: {doc!r}\n{detail}")
    return 0 if all(k in GOOD for k in counts) else 1


if __name__ == "__main__":
    sys.exit(main())
