"""Fleets (docs/fleet.md): one set of migrations over many databases and schema tenants, with
bounded parallelism, a canary group, stop or --keep-going, and per-target histories that make
a re-run finish only what remains. Real databases on the test server throughout."""

from __future__ import annotations

import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from schemaforge.config import load_config
from schemaforge.errors import ForgeError
from schemaforge.fleet import file as fleet_file
from schemaforge.fleet import run as fleet_run
from schemaforge.fleet.targets import Target
from schemaforge.fleet.tenant import retarget_statement
from schemaforge.fleet.work import Outcome
from tests.conftest import ok, query, run_sql

ONE = """-- schemaforge migration
-- version: 20260101000001
-- name: accounts

-- +up
CREATE TYPE "public"."role" AS ENUM ('member', 'admin');
CREATE TABLE "public"."account" (
  "id" bigint NOT NULL,
  "email" text NOT NULL,
  "role" public.role DEFAULT 'member'::public.role NOT NULL,
  CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- +down
DROP TABLE "public"."account";
DROP TYPE "public"."role";
"""

TWO = """-- schemaforge migration
-- version: 20260101000002
-- name: orders

-- +up
CREATE TABLE "public"."orders" (
  "id" bigint NOT NULL,
  "account_id" bigint NOT NULL,
  CONSTRAINT "orders_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "orders_account_fkey" FOREIGN KEY ("account_id") REFERENCES "public"."account" ("id")
);

-- +down
DROP TABLE "public"."orders";
"""

BOTH = ["20260101000001_accounts.sql", "20260101000002_orders.sql"]


def _project(project) -> None:
    project.write("migrations/20260101000001_accounts.sql", ONE)
    project.write("migrations/20260101000002_orders.sql", TWO)
    ok(project.forge("rehash"))


def _databases(pg_server, template_db, request, prefix: str, n: int) -> list[str]:
    """``n`` empty databases named ``<prefix>_00``...; dropped after the test."""
    names = [f"{prefix}_{i:02d}" for i in range(n)]

    def drop() -> None:  # several at a time: a drop mostly waits
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(pg_server.drop_database, names))

    request.addfinalizer(drop)
    for name in names:
        pg_server.create_database(name, template=template_db)
    return names


def _versions(url: str, history: str = "schemaforge") -> list[str]:
    if query(url, "SELECT to_regclass(%s)", [f"{history}.migrations"])[0][0] is None:
        return []
    return [r[0] for r in query(url, f'SELECT version FROM "{history}".migrations ORDER BY version')]


def _fleet_yaml(dbs_url: dict[str, str], waves: list[tuple[str, list[str]]], tenants: list[str]) -> str:
    lines = ["groups:"]
    for name, dbs in waves:
        lines += [f"  - name: {name}", "    databases:"]
        lines += [f"      - {json.dumps(dbs_url[d])}" for d in dbs]
    lines += ["  - name: tenants", "    database: ${TENANTS_URL}", "    schemas:"]
    lines += [f"      - {s}" for s in tenants]
    return "\n".join(lines) + "\n"


def _json(res) -> list[dict]:
    return json.loads(res.stdout)


# --- the fleet of the issue: 50 databases on one server, 20 schemas in another database ---------


def test_fifty_databases_and_twenty_tenants(project, pg_server, template_db, request):
    _project(project)
    prefix = f"fleet_{uuid.uuid4().hex[:6]}"
    dbs = _databases(pg_server, template_db, request, prefix, 50)
    tenants_db = _databases(pg_server, template_db, request, prefix + "_t", 1)[0]
    urls = {d: pg_server.url_for(d) for d in dbs}
    tenants = [f"s{i:02d}" for i in range(20)]
    waves = [("canary", dbs[:1]), ("first", dbs[1:6]), ("rest", dbs[6:])]
    project.write("fleet.yaml", _fleet_yaml(urls, waves, tenants))
    env = {"TENANTS_URL": pg_server.url_for(tenants_db)}
    broken = dbs[3]  # in the wave "first": 5 targets, all started at once with --parallel 8
    run_sql(urls[broken], "CREATE TABLE public.account (id int)")

    # stop on the first failure: the wave it is in finishes, nothing after it starts
    res = project.forge("apply", "--fleet", "fleet.yaml", "--parallel", "8", "--format", "json", env=env)
    assert res.exit_code == 1, res.output
    got = {r["target"]: r for r in _json(res)}
    assert [r["target"] for r in _json(res)] == sorted(got)
    applied = set(dbs[:6]) - {broken}
    assert {n for n, r in got.items() if r["state"] == "applied"} == applied
    assert {n for n, r in got.items() if r["state"] == "failed"} == {broken}
    skipped = set(dbs[6:]) | {f"{tenants_db}/{s}" for s in tenants}
    assert {n for n, r in got.items() if r["state"] == "skipped"} == skipped
    assert got[broken]["detail"][0].startswith("migration 20260101000001_accounts.sql failed")
    assert got[dbs[0]] == {"target": dbs[0], "group": "canary", "schema": None, "state": "applied",
                           "migrations": BOTH, "detail": []}
    assert got[dbs[6]] == {"target": dbs[6], "group": "rest", "schema": None, "state": "skipped",
                           "migrations": [], "detail": []}
    for d in applied:
        assert _versions(urls[d]) == ["20260101000001", "20260101000002"]
    for d in [broken, *dbs[6:]]:
        assert _versions(urls[d]) == []

    # --keep-going: every other target finishes; the broken one fails again
    res = project.forge("apply", "--fleet", "fleet.yaml", "--parallel", "8", "--keep-going", "--format", "json",
                        env=env)
    assert res.exit_code == 1, res.output
    got = {r["target"]: r for r in _json(res)}
    assert {n for n, r in got.items() if r["state"] == "failed"} == {broken}
    assert {n for n, r in got.items() if r["state"] == "up to date"} == applied
    assert {n for n, r in got.items() if r["state"] == "applied"} == skipped
    assert all(got[n]["migrations"] == BOTH for n in skipped)

    # fixed, run again: only the broken target has anything left to do
    run_sql(urls[broken], "DROP TABLE public.account")
    res = project.forge("apply", "--fleet", "fleet.yaml", "--parallel", "8", "--format", "json", env=env)
    assert res.exit_code == 0, res.output
    got = {r["target"]: r for r in _json(res)}
    assert {n for n, r in got.items() if r["state"] == "applied"} == {broken}
    assert got[broken]["migrations"] == BOTH
    assert sum(r["state"] == "up to date" for r in got.values()) == 69
    for d in dbs:
        assert _versions(urls[d]) == ["20260101000001", "20260101000002"]
    tenants_url = pg_server.url_for(tenants_db)
    for s in tenants:  # each tenant: its tables in its schema, its own exact history
        assert _versions(tenants_url, f"schemaforge_{s}") == ["20260101000001", "20260101000002"]
        assert query(tenants_url, "SELECT count(*) FROM pg_tables WHERE schemaname = %s", [s]) == [(2,)]
    assert _versions(tenants_url) == []  # nothing in the database's own history
    assert query(tenants_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]
    fk = query(tenants_url, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = "
                            "'orders_account_fkey' AND connamespace = 's07'::regnamespace")
    assert fk == [("FOREIGN KEY (account_id) REFERENCES s07.account(id)",)]


# --- status, plan, rollback on a small fleet ----------------------------------------------------


@pytest.fixture
def small(project, pg_server, template_db, request):
    _project(project)
    prefix = f"fleet_{uuid.uuid4().hex[:6]}"
    dbs = _databases(pg_server, template_db, request, prefix, 2)
    tenants_db = _databases(pg_server, template_db, request, prefix + "_t", 1)[0]
    urls = {d: pg_server.url_for(d) for d in dbs}
    project.write("fleet.yaml", _fleet_yaml(urls, [("canary", dbs[:1]), ("rest", dbs[1:])], ["acme", "globex"]))
    env = {"TENANTS_URL": pg_server.url_for(tenants_db)}
    return project, dbs, tenants_db, urls, env


def test_plan_then_apply_then_status_shows_the_drift_of_one_tenant(small, pg_server):
    project, dbs, tdb, urls, env = small
    res = ok(project.forge("plan", "--fleet", "fleet.yaml", "--format", "json", env=env))
    names = sorted([*dbs, f"{tdb}/acme", f"{tdb}/globex"])
    assert [(r["target"], r["state"], r["migrations"]) for r in _json(res)] == [(n, "pending", BOTH) for n in names]
    assert _versions(urls[dbs[0]]) == []  # a plan changes nothing
    assert query(pg_server.url_for(tdb), "SELECT to_regnamespace('acme')") == [(None,)]
    ok(project.forge("apply", "--fleet", "fleet.yaml", env=env))
    res = ok(project.forge("status", "--fleet", "fleet.yaml", "--format", "json", env=env))
    assert {r["target"]: r["state"] for r in _json(res)} == dict.fromkeys(names, "clean")
    run_sql(pg_server.url_for(tdb), "ALTER TABLE globex.account ADD COLUMN note text")
    res = project.forge("status", "--fleet", "fleet.yaml", "--format", "json", env=env)
    assert res.exit_code == 1, res.output
    got = {r["target"]: r for r in _json(res)}
    assert {n: r["state"] for n, r in got.items()} == {**dict.fromkeys(names, "clean"), f"{tdb}/globex": "not clean"}
    assert got[f"{tdb}/globex"]["detail"] == ["drift", "drift: + add column note text"]
    assert got[f"{tdb}/globex"]["counts"] == {"applied": 2, "pending": 0, "partial": 0, "modified": 0, "missing": 0,
                                                 "folded": 0}


def test_rollback_fleet_undoes_the_latest_migration_everywhere(small, pg_server):
    project, dbs, tdb, urls, env = small
    ok(project.forge("apply", "--fleet", "fleet.yaml", env=env))
    res = ok(project.forge("rollback", "--fleet", "fleet.yaml", "--allow-destructive", "--format", "json", env=env))
    assert res.stdout == json.dumps([  # the whole document: sorted by target, no timings
        {"target": dbs[0], "group": "canary", "schema": None, "state": "rolled back",
         "migrations": ["20260101000002_orders"], "detail": []},
        {"target": dbs[1], "group": "rest", "schema": None, "state": "rolled back",
         "migrations": ["20260101000002_orders"], "detail": []},
        {"target": f"{tdb}/acme", "group": "tenants", "schema": "acme", "state": "rolled back",
         "migrations": ["20260101000002_orders"], "detail": []},
        {"target": f"{tdb}/globex", "group": "tenants", "schema": "globex", "state": "rolled back",
         "migrations": ["20260101000002_orders"], "detail": []}], indent=2) + "\n"
    for d in dbs:
        assert _versions(urls[d]) == ["20260101000001"]
    tenants_url = pg_server.url_for(tdb)
    assert _versions(tenants_url, "schemaforge_acme") == ["20260101000001"]
    assert query(tenants_url, "SELECT schemaname, tablename FROM pg_tables WHERE schemaname IN ('acme', 'globex') "
                              "ORDER BY 1, 2") == [("acme", "account"), ("globex", "account")]


def test_rollback_fleet_asks_consent_per_target(small):
    project, dbs, tdb, urls, env = small
    ok(project.forge("apply", "--fleet", "fleet.yaml", env=env))
    res = project.forge("rollback", "--fleet", "fleet.yaml", "--format", "json", env=env)
    assert res.exit_code == 1
    got = _json(res)
    assert [r["state"] for r in got] == ["failed", "skipped", "skipped", "skipped"]  # the canary stops the fleet
    assert got[0]["target"] == dbs[0] and "orders" in got[0]["detail"][0]
    assert _versions(urls[dbs[0]]) == ["20260101000001", "20260101000002"]


def test_text_output_is_plain_lines_and_a_summary(small):
    project, dbs, tdb, urls, env = small
    res = ok(project.forge("apply", "--fleet", "fleet.yaml", "--parallel", "1", env=env))
    assert res.stdout.splitlines() == [
        f"applied {n}: {', '.join(BOTH)}" for n in sorted([*dbs, f"{tdb}/acme", f"{tdb}/globex"])]
    lines = res.stderr.splitlines()
    assert lines[0] == "apply: 4 target(s) in 3 group(s), 1 at a time"
    assert lines[1] == f"applied {dbs[0]}: {', '.join(BOTH)}"  # the canary first
    assert lines[-1].startswith("apply in ") and lines[-1].endswith(" s: 4 applied")


def test_tenants_take_their_own_deploy_lock(small, pg_server):
    """The database's deploy lock held elsewhere does not stop its tenants; a tenant's own does."""
    import psycopg

    from schemaforge.migrations.locking import LOCK_KEY, tenant_lock_key

    project, dbs, tdb, urls, env = small
    project.write("fleet.yaml", "groups:\n  - database: ${TENANTS_URL}\n    schemas: [acme, globex]\n")
    with psycopg.connect(pg_server.url_for(tdb), autocommit=True) as held:
        held.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        held.execute("SELECT pg_advisory_lock(%s)", [tenant_lock_key("schemaforge_globex")])
        res = project.forge("apply", "--fleet", "fleet.yaml", "--keep-going", "--lock-wait", "1", "--format", "json",
                            env=env)
    assert res.exit_code == 1
    got = {r["target"]: r for r in _json(res)}
    assert got[f"{tdb}/acme"]["state"] == "applied"
    assert got[f"{tdb}/globex"]["state"] == "failed"
    assert got[f"{tdb}/globex"]["detail"][0].startswith("the deploy lock is still held after waiting 1 s")


def test_a_password_never_shows(project, pg_server):
    _project(project)
    url = pg_server.url_for("no_such_database_here")
    project.write("fleet.yaml", "groups:\n  - databases:\n      - {name: one, url: \"${ONE_URL}\"}\n")
    res = project.forge("apply", "--fleet", "fleet.yaml", "--format", "json",
                        env={"ONE_URL": url + " password=Sup3rSecretPw"})
    assert res.exit_code == 1
    assert "Sup3rSecretPw" not in res.output
    assert _json(res)[0]["state"] == "failed"
    assert "password=***" in _json(res)[0]["detail"][0]


# --- the fleet file -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "message"), [
    ("groups: []\n", "fleet.yaml:1:9: 'groups' must be a non-empty list"),
    ("groups:\n  - name: a\n    databases: [postgresql:///x]\n    colour: red\n",
     "fleet.yaml:4:5: unknown key 'colour' in a group"),
    ("groups:\n  - name: a\n    schemas: [x]\n", "fleet.yaml:2:5: group 'a': schemas needs 'database'"),
    ("groups:\n  - name: a\n    databases: [postgresql:///x]\n  - name: a\n    databases: [postgresql:///y]\n",
     "fleet.yaml:4:5: group name 'a' is used twice (first at fleet.yaml:2:5)"),
    ("groups:\n  - name: a\n    canary: true\n    databases: [postgresql:///x]\n"
     "  - name: b\n    canary: true\n    databases: [postgresql:///y]\n",
     "fleet.yaml:5:5: groups 'a' and 'b' are both the canary"),
    ("groups:\n  - name: a\n    databases: [\"${NOT_SET_FLEET_VAR}\"]\n",
     "fleet.yaml:3:17: environment variable NOT_SET_FLEET_VAR is not set"),
    ("groups:\n  - name: a\n    database: postgresql:///x\n    query: SELECT 1\n",
     "fleet.yaml:2:5: group 'a': a query needs `returns: databases`"),
])
def test_fleet_file_errors_are_located(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fleet.yaml").write_text(text)
    with pytest.raises(ForgeError) as exc:
        fleet_file.load(Path("fleet.yaml"))
    assert exc.value.message.startswith(message), exc.value.message


def test_canary_group_runs_first_and_targets_are_unique(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fleet.yaml").write_text("groups:\n  - name: a\n    databases: [postgresql:///x]\n"
                                         "  - name: b\n    canary: true\n    databases: [postgresql:///y]\n")
    assert [g.name for g in fleet_file.load(Path("fleet.yaml")).groups] == ["b", "a"]
    (tmp_path / "fleet.yaml").write_text("groups:\n  - databases: [postgresql:///x, 'dbname=x host=other']\n")
    from schemaforge.fleet.targets import expand

    with pytest.raises(ForgeError) as exc:
        expand(fleet_file.load(Path("fleet.yaml")), load_config(cwd=tmp_path))
    assert exc.value.message == "fleet.yaml:2:34: target 'x' is listed twice (first at fleet.yaml:2:17)"


def test_query_group_lists_schemas(project, pg_server, db_url):
    _project(project)
    run_sql(db_url, "CREATE TABLE tenants (name text); INSERT INTO tenants VALUES ('t_b'), ('t_a')")
    project.write("fleet.yaml", "groups:\n  - database: ${T_URL}\n    query: SELECT name FROM tenants\n"
                                "    returns: schemas\n")
    res = ok(project.forge("plan", "--fleet", "fleet.yaml", "--format", "json", env={"T_URL": db_url}))
    dbname = query(db_url, "SELECT current_database()")[0][0]
    assert [(r["target"], r["schema"]) for r in _json(res)] == [(f"{dbname}/t_a", "t_a"), (f"{dbname}/t_b", "t_b")]


# --- tenants' SQL -------------------------------------------------------------------------------


def test_retarget_swaps_qualifications_only():
    stmt = ('CREATE TABLE "public"."a" ("r" public.role DEFAULT \'public.x\'::public.role, '
            '"p" text DEFAULT \'public\')')
    with pytest.raises(ForgeError, match="inside a string"):
        retarget_statement(stmt, "public", "t1", "m.sql")
    stmt = 'CREATE TABLE "public"."a" ("r" public.role DEFAULT \'member\'::PUBLIC.role, "p" text DEFAULT \'public\')'
    assert retarget_statement(stmt, "public", "t1", "m.sql") == (
        'CREATE TABLE "t1"."a" ("r" "t1".role DEFAULT \'member\'::"t1".role, "p" text DEFAULT \'public\')')


@pytest.mark.parametrize("stmt", [
    'CREATE EXTENSION IF NOT EXISTS "citext" SCHEMA "public"',
    "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS $$ SELECT count(*) FROM public.a $$",
    "ALTER FUNCTION \"public\".\"f\"() SET search_path = public",
])
def test_retarget_refuses_what_tenants_would_share(stmt):
    with pytest.raises(ForgeError) as exc:
        retarget_statement(stmt, "public", "t1", "m.sql")
    assert exc.value.message.startswith("m.sql: schema public is named")


# --- the scheduler ------------------------------------------------------------------------------


def _targets(spec: list[int]) -> list[Target]:
    return [Target(f"t{i:02d}", f"g{w}", w, "postgresql:///x") for i, w in enumerate(spec)]


def test_scheduler_never_runs_more_than_parallel():
    lock, now, peak = threading.Lock(), [0], [0]

    def work(t, note):
        with lock:
            now[0] += 1
            peak[0] = max(peak[0], now[0])
        time.sleep(0.02)
        with lock:
            now[0] -= 1
        return Outcome("applied")

    results = fleet_run.run(_targets([0] + [1] * 20), work, parallel=3, keep_going=False)
    assert [r.state for r in results] == ["applied"] * 21
    assert peak[0] == 3


def test_scheduler_stops_after_a_failure_unless_keep_going():
    def work(t, note):
        return Outcome("failed" if t.name == "t01" else "applied")

    states = [r.state for r in fleet_run.run(_targets([0, 1, 1, 2, 2]), work, parallel=1, keep_going=False)]
    assert states == ["applied", "failed", "skipped", "skipped", "skipped"]
    states = [r.state for r in fleet_run.run(_targets([0, 1, 1, 2, 2]), work, parallel=1, keep_going=True)]
    assert states == ["applied", "failed", "applied", "applied", "applied"]
    canary = [r.state for r in fleet_run.run(_targets([1, 0, 0, 2]), work, parallel=1, keep_going=True)]
    assert canary == ["skipped", "failed", "applied", "skipped"]  # a failed canary stops even --keep-going
