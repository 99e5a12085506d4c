"""How long `forge plan` takes on a large schema — whole process, as a user runs it.

Builds N tables (12 columns, 2 indexes, a foreign key, a check and a comment each) as YAML,
syncs a slightly different version into a fresh database on the embedded server (every 10th
table lacks a column and has another comment), then times `forge plan` end to end.

The first plan after the YAML changed is "cold": the YAML is parsed and validated and the 100
changed tables are materialized for normalization. The runs after it are "warm": the model
and every table's normalized form come from `.forge/cache/`.

    python bench/plan_speed.py --tables 1000 [--runs 3] [--fresh]

``--fresh`` deletes `.forge/` before every plan: each run is a fresh clone's first plan.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def entity_yaml(i: int, variant: bool) -> str:
    ref = f"      parent_id: {{ type: bigint, nullable: true, references: T{i - 1}.id }}\n" if i > 0 else ""
    extra = "" if variant and i % 10 == 0 else "      note: { type: text, nullable: true }\n"
    comment = "old comment" if variant and i % 10 == 0 else f"table number {i}"
    return (
        f"  T{i}:\n"
        f"    table: t{i:05d}\n"
        f"    comment: {comment}\n"
        f"    columns:\n"
        f"      id: {{ type: bigint, primary: true, identity: always }}\n"
        f"      name: {{ type: varchar(100) }}\n"
        f"      email: {{ type: text, unique: true }}\n"
        f"      amount: {{ type: \"numeric(12,2)\", default: 0 }}\n"
        f"      qty: {{ type: integer, default: 1, check: qty >= 0 }}\n"
        f"      active: {{ type: boolean, default: true }}\n"
        f"      created_at: {{ type: timestamptz, default_sql: now() }}\n"
        f"      updated_at: {{ type: timestamptz, nullable: true }}\n"
        f"      payload: {{ type: jsonb, nullable: true }}\n"
        f"      code: {{ type: char(8), nullable: true }}\n"
        f"{extra}{ref}"
        f"    indexes:\n"
        f"      - {{ columns: [name] }}\n"
        f"      - {{ expressions: [\"lower(email)\"], where: \"active\" }}\n"
    )


def write_schema(d: Path, n: int, variant: bool) -> None:
    d.mkdir(parents=True, exist_ok=True)
    for f in d.glob("*.yaml"):
        f.unlink()
    per_file = 100
    for start in range(0, n, per_file):
        body = "entities:\n" + "".join(entity_yaml(i, variant) for i in range(start, min(n, start + per_file)))
        (d / f"part{start // per_file:03d}.yaml").write_text(body)


def forge(args, cwd, env) -> tuple[float, subprocess.CompletedProcess]:
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "schemaforge.cli", *args], cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - t, p


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--fresh", action="store_true", help="delete .forge/ before every plan (a fresh clone)")
    args = ap.parse_args()

    from schemaforge.database import embedded
    from schemaforge.database.session import Server

    server = Server(embedded.ensure_server(Path(os.environ.get("FORGE_TEST_PGDATA", "/tmp/schemaforge-test-pg"))))
    dbname = f"bench_{uuid.uuid4().hex[:8]}"
    server.create_database(dbname)
    url = server.url_for(dbname)
    env = {**os.environ, "DATABASE_URL": url, "NO_COLOR": "1"}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "pyproject.toml").write_text('[project]\nname="bench"\nversion="0"\n[tool.schemaforge]\n')
            write_schema(root / "schema", args.tables, variant=True)
            secs, p = forge(["sync"], root, env)
            if p.returncode:
                sys.exit(f"sync failed: {p.stderr[-2000:]}")
            print(f"sync of {args.tables} tables from scratch: {secs:.2f} s")
            write_schema(root / "schema", args.tables, variant=False)
            times = []
            for _ in range(args.runs):
                if args.fresh:
                    shutil.rmtree(root / ".forge", ignore_errors=True)
                secs, p = forge(["plan", "--format", "json"], root, env)
                if p.returncode:
                    sys.exit(f"plan failed: {p.stderr[-2000:]}")
                times.append(secs)
            import json

            doc = json.loads(p.stdout)
            warm = times[1:] or times
            print(f"forge plan, {args.tables} tables, {doc['summary']}: cold {times[0]:.2f} s, "
                  f"warm median {statistics.median(warm):.2f} s ({', '.join(f'{t:.2f}' for t in times)})")
    finally:
        server.drop_database(dbname)


if __name__ == "__main__":
    main()
