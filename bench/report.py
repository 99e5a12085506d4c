"""The figures of ``bench/perf.py`` as goals with PASS/MISS, tool agreement, and README markdown.

Goals are judged on the median of the runs (the minimum is shown too). A goal whose size was
not run is ``n/a``, never a PASS. The markdown again from a saved run:

    python bench/report.py out.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PLAN, WARM, NOOP = "forge plan (fresh)", "forge plan (warm)", "forge plan, no changes (fresh)"
WRITTEN = "forge plan (warm, server written since)"
MIGRA, ALEMBIC = "migra (base db vs variant db)", "alembic reflect + compare_metadata"
IMPORT, DUMP = "forge import", "pg_dump --schema-only"
APPLY, PSQL = "forge apply (generated migration)", "psql -f (same SQL)"
HELP, VALIDATE = "forge --help", "forge validate"

LOAD = "psql -f base.sql (load)"
ORDER = [LOAD, HELP, VALIDATE, PLAN, WARM, WRITTEN, NOOP, IMPORT, DUMP, APPLY, PSQL, MIGRA, ALEMBIC]  # rows, in this order

RATIOS = [("forge plan fresh / migra", PLAN, MIGRA), ("forge plan fresh / alembic", PLAN, ALEMBIC),
          ("forge plan warm / fresh", WARM, PLAN), ("forge import / pg_dump --schema-only", IMPORT, DUMP),
          ("forge apply / psql -f", APPLY, PSQL)]

KNOWN = [
    "migra compares two databases (the base one and one built from `variant.sql`), as its users work; "
    "it does not compare comments, so it misses the comment changes.",
    "Alembic's `compare_metadata` does not compare check constraints, so it misses the changed checks.",
    "Peak memory is the client process's own (`wait4`); the PostgreSQL server's is not counted.",
    "`forge plan (warm)` runs right after the fresh plan with nothing written to the server in between "
    "(each loaded database is left until the WAL position stands still for 16 s): it uses the catalog as "
    "the fresh plan read it (`schemaforge/catalog_cache.py`). `(warm, server written since)`, timed after "
    "all of those, is the same plan after a commit in another database of the server: the catalog is read again.",
]


def _median(results: dict, n: int, step: str) -> float | None:
    s = results.get(n, {}).get("steps", {}).get(step)
    return None if s is None else s["median"]


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _peak_forge(results: dict, n: int) -> float | None:
    steps = results.get(n, {}).get("steps", {})
    peaks = [s["peak_mb"] for name, s in steps.items() if name.startswith("forge ")]
    return max(peaks) if peaks else None


def goals(results: dict) -> list[dict]:
    """Each goal of issue 11: what was measured and whether it is met."""
    m = lambda n, step: _median(results, n, step)  # noqa: E731
    first = min(results) if results else None
    faster = [_ratio(m(n, PLAN), m(n, MIGRA)) for n in sorted(results)]
    faster = None if not faster or None in faster else max(faster)
    rows = [
        ("forge plan, 1,000 tables, fresh ≤ 1.0 s", m(1000, PLAN), 1.0, "s"),
        ("forge plan, 1,000 tables, warm ≤ 0.6 s", m(1000, WARM), 0.6, "s"),
        ("forge plan, 5,000 tables, fresh ≤ 5 s", m(5000, PLAN), 5.0, "s"),
        ("forge plan faster than migra at every size (worst ratio < 1)", faster, 1.0, "x<"),
        ("no-op plan, 1,000 tables, fresh ≤ 0.8 s", m(1000, NOOP), 0.8, "s"),
        ("forge validate, 1,000 entities ≤ 0.4 s", m(1000, VALIDATE), 0.4, "s"),
        ("forge --help ≤ 0.2 s", None if first is None else m(first, HELP), 0.2, "s"),
        ("forge import, 1,000 tables ≤ 1.5 × pg_dump --schema-only", _ratio(m(1000, IMPORT), m(1000, DUMP)), 1.5, "x"),
        ("apply the 1,000-table migration ≤ 1.1 × psql -f", _ratio(m(1000, APPLY), m(1000, PSQL)), 1.1, "x"),
        ("growth: plan fresh 5,000 / 1,000 ≤ 5.5 ×", _ratio(m(5000, PLAN), m(1000, PLAN)), 5.5, "x"),
        ("peak memory of forge at 5,000 tables ≤ 300 MB", _peak_forge(results, 5000), 300.0, "MB"),
    ]
    out = []
    for text, value, limit, unit in rows:
        if value is None:
            verdict = "n/a"
        elif unit == "x<":
            verdict = "PASS" if value < limit else "MISS"
        else:
            verdict = "PASS" if value <= limit else "MISS"
        out.append({"goal": text, "value": value, "unit": unit.rstrip("<"), "result": verdict})
    return out


def agreement(results: dict) -> list[dict]:
    """Each tool's facts against the generator's: how many, which are missing, which are extra."""
    out = []
    for n in sorted(results):
        facts = results[n]["facts"]
        expected = {tuple(f) for f in facts["expected"]}
        for tool in ("forge", "migra", "alembic"):
            if tool not in facts:
                continue
            got = {tuple(f) for f in facts[tool]}
            out.append({"n": n, "tool": tool, "facts": len(got), "expected": len(expected),
                        "missing": sorted(expected - got), "extra": sorted(got - expected)})
    return out


def build(results: dict, meta: dict) -> dict:
    return {"meta": meta, "sizes": {str(n): results[n] for n in sorted(results)},
            "goals": goals(results), "agreement": agreement(results), "known_differences": KNOWN}


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.2f} ×" if unit == "x" else f"{value:.2f} {unit}"


def _summarize(facts: list) -> str:
    """Mismatches grouped by category, with up to three tables each: readable at 5,000 tables."""
    by: dict[str, list[str]] = {}
    for table, category in facts:
        by.setdefault(category, []).append(table)
    parts = []
    for category in sorted(by):
        tables = by[category]
        more = f", … ({len(tables)})" if len(tables) > 3 else ""
        parts.append(f"{category}: {', '.join(tables[:3])}{more}")
    return "; ".join(parts) or "none"


def markdown(doc: dict) -> str:
    sizes = list(doc["sizes"])
    head = "| | " + " | ".join(f"N = {int(n):,}" for n in sizes) + " |\n|---|" + "---|" * len(sizes) + "\n"
    meta = doc["meta"]
    lines = [f"`{meta['command']}` — {meta['postgres']}, Python {meta['python']}, {meta['cpus']} CPUs; "
             f"seconds, min / median of {meta['runs']} run(s), whole process; peak RSS of the client.\n\n", head]
    names = [s for s in ORDER if any(s in doc["sizes"][n]["steps"] for n in sizes)]
    for name in names:
        cells = []
        for n in sizes:
            s = doc["sizes"][n]["steps"].get(name)
            cells.append("–" if s is None else f"{s['min']:.2f} / {s['median']:.2f} ({s['peak_mb']:.0f} MB)")
        lines.append(f"| {name} | " + " | ".join(cells) + " |\n")
    lines.append("\nRatios (medians):\n\n" + head)
    for label, a, b in RATIOS:
        cells = [_fmt(_ratio(doc["sizes"][n]["steps"].get(a, {}).get("median"),
                             doc["sizes"][n]["steps"].get(b, {}).get("median")), "x") for n in sizes]
        lines.append(f"| {label} | " + " | ".join(cells) + " |\n")
    lines.append("\n| goal | measured (median) | |\n|---|---|---|\n")
    for g in doc["goals"]:
        lines.append(f"| {g['goal']} | {_fmt(g['value'], g['unit'])} | {g['result']} |\n")
    lines.append("\nSame changes found? (table, kind) facts against what the generator changed:\n\n"
                 "| N | tool | facts | expected | missing | extra |\n|---|---|---|---|---|---|\n")
    for a in doc["agreement"]:
        lines.append(f"| {a['n']:,} | {a['tool']} | {a['facts']} | {a['expected']} | "
                     f"{_summarize(a['missing'])} | {_summarize(a['extra'])} |\n")
    lines.append("\n" + "".join(f"- {k}\n" for k in doc["known_differences"]))
    return "".join(lines)


if __name__ == "__main__":
    print(markdown(json.loads(Path(sys.argv[1]).read_text())), end="")
