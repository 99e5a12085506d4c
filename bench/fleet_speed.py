"""How long `forge apply --fleet` takes with --parallel N against one by one (--parallel 1).

Makes a fleet of D databases on the embedded test server plus S schema tenants in one more
database, a project of three migrations (types, tables with foreign keys, indexes), and times
`forge apply --fleet` as a user runs it (whole process): first with --parallel 1, then, after
`forge rollback --fleet --to 0` (not timed), with --parallel N. Each target runs the same SQL
in both runs; the second run finds the history tables and tenant schemas already there.

    python bench/fleet_speed.py [--databases 50] [--schemas 20] [--parallel 8]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIGRATIONS = {
    "20260101000001_accounts.sql": """-- +up
CREATE TYPE "public"."role" AS ENUM ('member', 'admin');
CREATE TABLE "public"."account" ("id" bigint NOT NULL, "email" text NOT NULL,
  "role" public.role DEFAULT 'member'::public.role NOT NULL, CONSTRAINT "account_pkey" PRIMARY KEY ("id"));
-- +down
DROP TABLE "public"."account";
DROP TYPE "public"."role";
""",
    "20260101000002_orders.sql": """-- +up
CREATE TABLE "public"."orders" ("id" bigint NOT NULL, "account_id" bigint NOT NULL, "total" numeric(12,2),
  CONSTRAINT "orders_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "orders_account_fkey" FOREIGN KEY ("account_id") REFERENCES "public"."account" ("id"));
-- +down
DROP TABLE "public"."orders";
""",
    "20260101000003_indexes.sql": """-- +up
CREATE INDEX "orders_account_idx" ON "public"."orders" ("account_id");
CREATE UNIQUE INDEX "account_email_key" ON "public"."account" (lower("email"));
-- +down
DROP INDEX "public"."account_email_key";
DROP INDEX "public"."orders_account_idx";
""",
}


def forge(cwd: Path, *args: str) -> tuple[float, subprocess.CompletedProcess]:
    env = {**os.environ, "NO_COLOR": "1", "CI": "1", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "schemaforge", *args], cwd=cwd, env=env, capture_output=True,
                         text=True)
    return time.perf_counter() - started, res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--databases", type=int, default=50)
    ap.add_argument("--schemas", type=int, default=20)
    ap.add_argument("--parallel", type=int, default=8)
    args = ap.parse_args()
    from schemaforge.database import embedded
    from schemaforge.database.session import Server

    server = Server(embedded.ensure_server(Path(os.environ.get("FORGE_TEST_PGDATA", "/tmp/schemaforge-test-pg"))))
    prefix = f"bench_fleet_{uuid.uuid4().hex[:6]}"
    dbs = [f"{prefix}_{i:02d}" for i in range(args.databases)]
    tenants_db = f"{prefix}_tenants"
    for name in [*dbs, tenants_db]:
        server.create_database(name)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "pyproject.toml").write_text('[project]\nname = "bench"\nversion = "0"\n')
            (root / "schema").mkdir()
            (root / "migrations").mkdir()
            for name, body in MIGRATIONS.items():
                version, _, rest = name.partition("_")
                head = f"-- schemaforge migration\n-- version: {version}\n-- name: {rest[:-4]}\n\n"
                (root / "migrations" / name).write_text(head + body)
            groups = [{"name": "canary", "databases": [server.url_for(dbs[0])]},
                      {"name": "databases", "databases": [server.url_for(d) for d in dbs[1:]]},
                      {"name": "tenants", "database": server.url_for(tenants_db),
                       "schemas": [f"tenant_{i:02d}" for i in range(args.schemas)]}]
            (root / "fleet.yaml").write_text(json.dumps({"groups": groups}, indent=2))  # JSON is YAML
            forge(root, "rehash")
            n = args.databases + args.schemas
            one, res = forge(root, "apply", "--fleet", "fleet.yaml", "--parallel", "1")
            assert res.returncode == 0, res.stderr
            _, res = forge(root, "rollback", "--fleet", "fleet.yaml", "--to", "0", "--allow-destructive",
                           "--parallel", str(args.parallel))
            assert res.returncode == 0, res.stderr
            many, res = forge(root, "apply", "--fleet", "fleet.yaml", "--parallel", str(args.parallel))
            assert res.returncode == 0, res.stderr
            print(f"{n} targets ({args.databases} databases + {args.schemas} schemas), 3 migrations each, "
                  f"{os.cpu_count()} CPU(s)")
            print(f"  --parallel 1: {one:6.2f} s")
            print(f"  --parallel {args.parallel}: {many:6.2f} s  ({one / many:.1f}x faster)")
    finally:
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(server.drop_database, [*dbs, tenants_db]))


if __name__ == "__main__":
    main()
