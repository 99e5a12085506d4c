"""The migration commands: generate, apply, rollback, status, check, rehash, lint.

Each command is a thin shell over ``schemaforge.migrations``; what needs a database says which
one it uses. ``check`` and ``generate --from-migrations`` never touch the target: they replay the
migrations directory on a scratch database.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from . import cli as _cli
from .cli import Ctx, command
from .cli_reporter import console_reporter
from .database.session import Server, connect, server_for
from .database.targets import resolve_target
from .errors import ForgeError
from .inspect import inspect_database
from .migrations import files, history, manifest, messages, runner
from .model import Database
from .safety import require_consent, require_consent_for_sql

_cli.EXAMPLES.update({
    "generate": (
        "forge generate add_users\n  forge generate add_users --from-migrations\n"
        "  forge generate drop_legacy --allow-destructive\n  forge generate backfill_emails --empty"
    ),
    "apply": (
        "forge apply\n  forge apply --dry-run\n  forge apply --to 20250101120000\n"
        "  forge apply --env prod\n  forge plan --out plan.json && forge apply plan.json"
    ),
    "rollback": (
        "forge rollback\n  forge rollback --steps 3\n  forge rollback --to 20250101120000\n  forge rollback --dry-run\n"
        "  forge rollback --allow-destructive"
    ),
    "status": "forge status\n  forge status --format json --env prod",
    "check": "forge check\n  DATABASE_URL=postgresql://localhost/postgres forge check",
    "rehash": "forge rehash",
    "lint": "forge lint\n  forge lint --env prod",
})


# --- shared helpers -----------------------------------------------------------------------------


def _scratch_server(ctx: Ctx, *, explicit_only: bool = False) -> Server:
    """Where throwaway databases go: the target's server when it allows it, else the embedded one."""
    if explicit_only:
        given = ctx.database_url or ctx.env or os.environ.get("DATABASE_URL")
        if not given:
            return Server(ctx.fallback()())
    target = resolve_target(ctx.config, database_url=ctx.database_url, env=ctx.env)
    if not target.embedded and ctx.config.scratch_server != "embedded":
        server = server_for(target.url)
        if server.can_create_databases():
            return server
    return Server(ctx.fallback()())


def _schemas(ctx: Ctx, desired: Database | None) -> list[str] | None:
    from .planner import managed_schemas

    return managed_schemas(ctx.config, desired) if desired is not None else [ctx.config.default_schema]


def _replayed(ctx: Ctx, server: Server, steps: list[tuple[str, list[files.Step]]], schemas: list[str] | None) -> Database:
    """The model the given migrations produce on an empty database."""
    from .planner import excluded_schemas

    with server.scratch() as url:
        runner.replay(url, steps)
        with connect(url) as conn:
            return inspect_database(conn, schemas, exclude_schemas=excluded_schemas(ctx.config))


def _file_steps(migrations: list[files.Migration]) -> list[tuple[str, list[files.Step]]]:
    return [(m.filename, list(m.up_steps)) for m in migrations]


def _describe(changes) -> str:
    return "\n".join(f"  {c.symbol} {c.describe()}" for c in changes)


# --- generate -----------------------------------------------------------------------------------


@command("generate", "Write a new migration (up and down) for what the YAML changes.")
@click.argument("name")
@click.option("--allow-destructive", is_flag=True, help="Allow drops and narrowing type changes in the migration.")
@click.option("--from-migrations", is_flag=True,
              help="Diff against the replayed migrations directory (scratch database), not the target database.")
@click.option("--empty", is_flag=True, help="Write a template with empty up and down sections to fill in by hand.")
def generate_cmd(ctx: Ctx, name: str, allow_destructive: bool, from_migrations: bool, empty: bool):
    from .normalize import normalize
    from .planner import build_plan, cache_dir, comparable, plan_against
    from .typecast import CastCatalog, scratch

    mdir = ctx.config.migrations_dir
    runner.verify_manifest(mdir)
    if empty:
        path = files.write_new(mdir, name, [], [])
        manifest.write(mdir)
        ctx.ui.out.print(str(path), markup=False)
        return
    desired_yaml = ctx.load_desired()
    migrations = files.load_all(mdir)
    url = None  # the database the plan is against, where the data at risk can be counted
    if from_migrations:
        server = _scratch_server(ctx)
        schemas = _schemas(ctx, desired_yaml)
        current = _replayed(ctx, server, _file_steps(migrations), schemas)
        desired = normalize(desired_yaml, server, schemas, cache_dir=cache_dir(ctx.config))
        current = comparable(ctx.config, server, current, desired, schemas)
        plan = build_plan(current, desired, CastCatalog(scratch(server, desired, current)))
    else:
        url, _ = ctx.target()
        with connect(url) as conn:
            applied = history.read(conn, ctx.config.history_schema)
        pending = [m.filename for m in migrations if m.version not in applied]
        if pending:
            raise ForgeError(
                f"{len(pending)} migration(s) are not applied to the database yet ({', '.join(pending)}): "
                "a diff against it would repeat them",
                hint="run `forge apply` first, or use `forge generate NAME --from-migrations`",
            )
        plan, _, _ = plan_against(ctx.config, url, desired_yaml, fallback=ctx.fallback())
    if plan.empty:
        ctx.ui.out.print("no changes: the migrations already produce the schema; nothing written")
        return
    require_consent(plan.changes, allow=allow_destructive, what="the migration", url=url)
    # the plan's steps, as `forge plan` showed them: one migration, however many steps
    path = files.write_new(mdir, name, plan.up_steps, plan.down_steps)
    manifest.write(mdir)
    steps = plan.up_steps
    ctx.ui.info(f"[green]✓[/] {len(plan.changes)} change(s), {len(plan.up)} statement(s)"
                + (f" in {len(steps)} steps" if len(steps) > 1 else ""))
    if any(not s.transaction for s in steps):
        ctx.ui.info("  indexes on existing tables are built CONCURRENTLY, each in a step without a transaction")
    ctx.ui.out.print(str(path), markup=False)


# --- apply / rollback ---------------------------------------------------------------------------


@command("apply", "Run pending migrations in order under an advisory lock, recording each one; a migration "
                  "that stopped part-way is resumed at the step where it stopped.")
@click.argument("planfile", required=False, type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Print the SQL that would run and change nothing.")
@click.option("--to", "to", metavar="VERSION", help="Stop after this version.")
@click.option("--allow-missing", is_flag=True,
              help="Apply even though an applied migration's file is missing from the directory.")
@click.option("--allow-destructive", is_flag=True,
              help="With PLANFILE: allow the plan's drops and narrowing type changes. (A migration file got "
                   "that consent when `forge generate` wrote it.)")
def apply_cmd(ctx: Ctx, planfile: str | None, dry_run: bool, to: str | None, allow_missing: bool,
              allow_destructive: bool):
    if allow_destructive and not planfile:
        raise ForgeError("--allow-destructive applies to a saved plan (`forge apply PLANFILE`) only",
                         hint="migration files are checked for destructive changes when `forge generate` writes them")
    url, _ = ctx.target(deploy=True)
    if planfile:
        from . import planfile as pf
        from .planner import managed_schemas

        path = Path(planfile)
        doc = pf.load(path)
        schemas = managed_schemas(ctx.config, ctx.load_desired())
        if dry_run:
            for stmt in doc.get("up", []):
                ctx.ui.out.print(f"{stmt};", markup=False)
            return
        from .planner import fingerprint, inspect_target

        fallback = ctx.fallback()
        plan = runner.SavedPlan(path.name, files.h1(path.read_bytes()), doc.get("fingerprint"),
                                tuple(pf.steps(doc, "up", path.name)), tuple(pf.steps(doc, "down", path.name)))
        n, version = runner.apply_plan_file(
            ctx.config, url, plan, console_reporter(ctx.ui),
            current_fingerprint=lambda: fingerprint(inspect_target(url, schemas, ctx.config)),
            consent=lambda stmts, what: require_consent_for_sql(ctx.config, url, stmts, allow=allow_destructive,
                                                                what=what, fallback=fallback))
        if version is None:
            ctx.ui.out.print("[green]✓[/] nothing to apply: the plan is empty")
        else:
            ctx.ui.out.print(f"[green]✓[/] plan applied: {n} statement(s), recorded in the history as version {version}")
        return
    done = runner.apply(ctx.config, url, console_reporter(ctx.ui), dry_run=dry_run, to=to, allow_missing=allow_missing)
    if dry_run:
        ctx.ui.info(f"dry run: {len(done)} migration(s) would be applied; nothing was changed")
    elif done:
        ctx.ui.out.print(f"[green]✓[/] applied {len(done)} migration(s)")
    else:
        ctx.ui.out.print("[green]✓[/] nothing to apply: the database is up to date")


@command("rollback", "Undo the latest applied migrations by running their recorded down SQL.")
@click.option("--steps", type=int, default=None,
              help="How many migrations to roll back (default 1); a migration counts once, however many steps it holds.")
@click.option("--to", "to", metavar="VERSION", help="Roll back everything applied after VERSION (0: everything).")
@click.option("--dry-run", is_flag=True, help="Print the SQL that would run and change nothing.")
@click.option("--allow-destructive", is_flag=True,
              help="Run downs that drop tables, columns, sequences or materialized views, or narrow column types.")
def rollback_cmd(ctx: Ctx, steps: int | None, to: str | None, dry_run: bool, allow_destructive: bool):
    if steps is not None and to is not None:
        raise ForgeError("give either --steps or --to, not both")
    url, _ = ctx.target(deploy=True)
    fallback = ctx.fallback()
    done = runner.rollback(
        ctx.config, url, console_reporter(ctx.ui), steps=steps, to=to, dry_run=dry_run,
        consent=lambda stmts, what: require_consent_for_sql(ctx.config, url, stmts, allow=allow_destructive,
                                                            what=what, fallback=fallback))
    if dry_run:
        ctx.ui.info(f"dry run: {len(done)} migration(s) would be rolled back; nothing was changed")
    elif done:
        ctx.ui.out.print(f"[green]✓[/] rolled back {len(done)} migration(s)")
    else:
        ctx.ui.out.print("nothing to roll back")


# --- status -------------------------------------------------------------------------------------


def _drift(ctx: Ctx, url: str, applied: dict[str, history.Applied],
           progress: dict[str, history.Progress]) -> list[str]:
    """How the database differs from what its applied migrations (and the steps done of one
    part-way) produce."""
    from .planner import build_plan, comparable, inspect_target, normalizing_server

    try:
        desired = ctx.load_desired()
    except ForgeError:
        desired = None
    schemas = _schemas(ctx, desired)
    steps = runner.in_effect(applied, progress)
    server = normalizing_server(url, ctx.fallback(), ctx.config)
    expected = _replayed(ctx, server, steps, schemas)
    actual = inspect_target(url, schemas, ctx.config)
    # neither side is settled: settle what differs on both, then compare
    expected = comparable(ctx.config, server, expected, actual, schemas)
    actual = comparable(ctx.config, server, actual, expected, schemas)
    return [f"{c.symbol} {c.describe()}" for c in build_plan(expected, actual).changes]


@command("status", "Applied, pending, modified and missing migrations, and drift of the database.\n\n"
                   "Exit code: 0 when clean; 1 on drift, modified or missing migration files or manifest problems "
                   "(and on pending migrations with --exit-code).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--exit-code", "pending_fails", is_flag=True, help="Exit 1 when migrations are pending, too.")
def status_cmd(ctx: Ctx, fmt: str, pending_fails: bool):
    url, _ = ctx.target()
    schema = ctx.config.history_schema
    with connect(url) as conn:
        applied, progress = history.read(conn, schema), history.read_progress(conn, schema)
    state = runner.State(files.load_all(ctx.config.migrations_dir), applied, progress)
    modified = {m.version for m in state.modified}
    missing = {a.version for a in state.missing}
    rows = []
    for version in sorted(state.by_version.keys() | applied.keys() | progress.keys()):
        mig, rec, part = state.by_version.get(version), applied.get(version), progress.get(version)
        st = "partial" if part else "missing" if version in missing else "pending" if rec is None \
            else "modified" if version in modified else "applied"
        rows.append({
            "version": version, "name": mig.name if mig else (rec or part).name,
            "file": mig.filename if mig else None, "state": st,
            "kind": rec.kind if rec else part.kind if part else "migration",
            "applied_at": rec.applied_at.isoformat() if rec else None,
            "execution_ms": rec.execution_ms if rec else None,
            "progress": None if part is None else {
                "direction": part.direction, "steps_done": part.steps_done, "steps": part.total_steps,
                "statements_done": part.statements_done},
            "note": None if part is None else f"{messages.describe_progress(part)}; {messages.resume_hint(part)}",
        })
    problems = [str(p) for p in manifest.verify(ctx.config.migrations_dir)]
    drift = _drift(ctx, url, applied, progress)
    counts = {s: sum(r["state"] == s for r in rows) for s in ("applied", "pending", "partial", "modified", "missing")}
    if fmt == "json":
        click.echo(json.dumps({
            "migrations": rows,
            "counts": counts,
            "manifest_problems": problems,
            "drift": {"in_sync": not drift, "changes": drift},
        }, indent=2))
    else:
        _print_status(ctx, rows, problems, drift)
    not_clean = [text for n, text in (
        (counts["modified"], f"{counts['modified']} modified migration(s)"),
        (counts["missing"], f"{counts['missing']} missing migration file(s)"),
        (counts["partial"], f"{counts['partial']} migration(s) part-way"),
        (len(problems), f"{len(problems)} manifest problem(s)"),
        (bool(drift), "drift"),
        (pending_fails and counts["pending"], f"{counts['pending']} pending migration(s)"),
    ) if n]
    if not_clean:
        ctx.ui.err.print(f"[red]✗[/] not clean: {', '.join(not_clean)}")
        sys.exit(1)


def _print_status(ctx: Ctx, rows: list[dict], problems: list[str], drift: list[str]) -> None:
    table = Table("version", "name", "state", "applied at", "time")
    colour = {"applied": "green", "pending": "yellow", "partial": "magenta", "modified": "red", "missing": "red"}
    for r in rows:
        name = escape(r["name"]) + (" [dim](saved plan)[/]" if r["kind"] == "plan" else "")
        table.add_row(r["version"], name, f"[{colour[r['state']]}]{r['state']}[/]",
                      (r["applied_at"] or "")[:19].replace("T", " "),
                      f"{r['execution_ms']} ms" if r["execution_ms"] is not None else "")
    out = ctx.ui.out
    if rows:
        out.print(table)
    else:
        out.print("no migrations yet: `forge generate NAME` writes the first one")
    for r in rows:
        if r["note"]:
            out.print(f"[magenta]{escape(r['version'])}_{escape(r['name'])}:[/] {escape(r['note'])}")
    for p in problems:
        out.print(f"[red]manifest:[/] {escape(p)}")
    if drift:
        out.print("[red]drift:[/] the database differs from what its applied migrations produce:")
        for line in drift:
            out.print(f"  {escape(line)}")
    else:
        out.print("[green]in sync:[/] the database matches its applied migrations")


# --- check / rehash / lint -----------------------------------------------------------------------


@command("check", "CI guard: the manifest is intact and the migrations capture every YAML change.")
def check_cmd(ctx: Ctx):
    from .normalize import normalize
    from .planner import build_plan, cache_dir, comparable

    runner.verify_manifest(ctx.config.migrations_dir)
    migrations = files.load_all(ctx.config.migrations_dir)
    desired_yaml = ctx.load_desired()
    server = _scratch_server(ctx, explicit_only=True)
    schemas = _schemas(ctx, desired_yaml)
    current = _replayed(ctx, server, _file_steps(migrations), schemas)
    desired = normalize(desired_yaml, server, schemas, cache_dir=cache_dir(ctx.config))
    plan = build_plan(comparable(ctx.config, server, current, desired, schemas), desired)
    if not plan.empty:
        raise ForgeError(
            "the YAML has changes no migration captures: run `forge generate <name>`\n" + _describe(plan.changes),
            hint="generate a migration for them and commit it with the YAML",
        )
    ctx.ui.out.print(f"[green]✓[/] {len(migrations)} migration(s) match schemaforge.sum and capture the schema")


@command("rehash", "Recompute schemaforge.sum after a deliberate edit of a migration file.")
def rehash_cmd(ctx: Ctx):
    mdir = ctx.config.migrations_dir
    if not mdir.is_dir():
        raise ForgeError(f"migrations directory {mdir} does not exist", hint="run `forge init` or pass --migrations")
    files.load_all(mdir)  # refuse to bless files that do not parse
    path = manifest.write(mdir)
    ctx.ui.out.print(f"[green]✓[/] {escape(str(path))} updated ({len(manifest.entries(mdir))} file(s))")


_LINT_RULES: list[tuple[str, re.Pattern, bool, str]] = [
    ("add_column_not_null", re.compile(r"\bADD\s+COLUMN\b(?![^;]*\b(?:DEFAULT|GENERATED)\b)[^;]*\bNOT\s+NULL\b", re.I | re.S), False,
     "ADD COLUMN ... NOT NULL without DEFAULT fails on a table with rows"),
    ("alter_column_type", re.compile(r"\bALTER\s+COLUMN\s+\S+\s+(?:SET\s+DATA\s+)?TYPE\b", re.I), False,
     "ALTER COLUMN TYPE may rewrite the table under an ACCESS EXCLUSIVE lock"),
    ("drop_table", re.compile(r"^\s*DROP\s+TABLE\b", re.I), True, "DROP TABLE loses the table's data"),
    ("drop_column", re.compile(r"\bDROP\s+COLUMN\b", re.I), True, "DROP COLUMN loses the column's data"),
    ("drop_sequence", re.compile(r"^\s*DROP\s+SEQUENCE\b", re.I), True, "DROP SEQUENCE loses the sequence's current value"),
    ("drop_materialized_view", re.compile(r'^\s*DROP\s+MATERIALIZED\s+VIEW\s+(?:IF\s+EXISTS\s+)?([\w."]+)', re.I),
     True, "DROP MATERIALIZED VIEW loses its rows"),
    ("set_not_null", re.compile(r"\bSET\s+NOT\s+NULL\b", re.I), False,
     "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock"),
    ("add_constraint", re.compile(r"\bADD\s+CONSTRAINT\b(?![^;]*\bNOT\s+VALID\b)(?=[^;]*\b(?:CHECK|FOREIGN\s+KEY)\b)",
                                  re.I | re.S), False,
     "ADD CONSTRAINT without NOT VALID checks every row under a lock; add NOT VALID, then VALIDATE"),
]
_CREATE_TABLE = re.compile(
    r'^\s*CREATE\s+(?:UNLOGGED\s+TABLE|TABLE|MATERIALIZED\s+VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w."]+)', re.I)
_ALTER_TABLE = re.compile(r'^\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?([\w."]+)', re.I)
_CREATE_INDEX = re.compile(r'^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\b(?!\s+CONCURRENTLY)[^;]*?\bON\s+(?:ONLY\s+)?([\w."]+)',
                           re.I | re.S)


def _rel(name: str) -> str:
    return name.replace('"', "").split(".")[-1].lower()


def lint_migration(mig: files.Migration) -> list[tuple[int, str, str, bool]]:
    """(line, rule, message, destructive) for each hazard in the up section.

    Locks and rewrites only matter for tables that already hold rows, so statements on a table
    created earlier in the same migration are only checked for data loss.
    """
    found = []
    created = set()
    # a materialized view dropped and created again (new definition) is computed anew: no loss
    recreated = {_rel(m.group(1)) for stmt in mig.up if (m := _CREATE_TABLE.match(files.strip_comments(stmt)))}
    for line, stmt in zip(mig.up_lines, mig.up, strict=False):
        text = files.strip_comments(stmt)
        if m := _CREATE_TABLE.match(text):
            created.add(_rel(m.group(1)))
        altered = _ALTER_TABLE.match(text)
        new_table = bool(altered) and _rel(altered.group(1)) in created
        for rule, pattern, destructive, message in _LINT_RULES:
            if (m := pattern.search(text)) and (destructive or not new_table):
                if rule == "drop_materialized_view" and _rel(m.group(1)) in recreated:
                    continue
                found.append((line, rule, message, destructive))
        m = _CREATE_INDEX.match(text)
        if m and _rel(m.group(1)) not in created:
            found.append((line, "create_index", "CREATE INDEX without CONCURRENTLY blocks writes to an existing table",
                          False))
    return found


@command("lint", "Hazards in pending migrations: locks, table rewrites, data loss.")
def lint_cmd(ctx: Ctx):
    migrations = files.load_all(ctx.config.migrations_dir)
    target = resolve_target(ctx.config, database_url=ctx.database_url, env=ctx.env)
    if target.embedded:
        pending, scope = migrations, "all of them: no database given"
    else:
        with connect(target.url) as conn:
            applied = history.read(conn, ctx.config.history_schema)
        pending, scope = [m for m in migrations if m.version not in applied], "pending"
    destructive = total = 0
    for mig in pending:
        rel = os.path.relpath(mig.path)
        for line, rule, message, is_destructive in lint_migration(mig):
            total += 1
            destructive += is_destructive
            level = "[red]destructive[/]" if is_destructive else "[yellow]hazard[/]"
            ctx.ui.out.print(f"{escape(rel)}:{line}: {level} {rule}: {escape(message)}")
    if destructive:
        raise ForgeError(f"{destructive} destructive statement(s) in the migrations checked ({scope})",
                         hint="make sure the data loss is intended and reviewed")
    ctx.ui.out.print(f"[green]✓[/] {len(pending)} migration(s) checked ({scope}): {total} hazard(s), none destructive")
