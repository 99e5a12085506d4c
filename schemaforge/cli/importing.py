"""``forge import``: reverse-engineer a live database into YAML entity files.

A thin shell over :mod:`schemaforge.entities.roundtrip` (which turns a model into files that build back to it) and
:mod:`schemaforge.inspect` (which reads the model): nothing here knows YAML.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..terminal import styled
from .context import Ctx, command

# entities.writer.LAYOUTS, spelled out so `forge import --help` need not import the YAML writer
# (tests/test_cli.py checks the two agree)
LAYOUTS = ("table", "schema")


def _existing_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.is_file()] if out.is_dir() else []


def _write(out: Path, existing: list[Path], files: dict[str, str]) -> None:
    """Replace the files an earlier import wrote (its marker line) with ``files``; touch nothing else.

    Every path must stay inside ``out`` (the writer makes names safe; this is the last check),
    and a file import did not write is never overwritten nor deleted.
    """
    from ..entities.roundtrip import body_files_of, written_by_import
    from ..errors import ForgeError

    root = out.resolve()
    targets = {rel: (out / rel) for rel in files}
    for rel, path in targets.items():
        if not path.resolve().is_relative_to(root) or Path(rel).is_absolute():
            raise ForgeError(f"refusing to write {rel}: it is outside {out}", hint="this is a schemaforge bug")
    ours = [p for p in existing if p.suffix in (".yaml", ".yml") and written_by_import(p)]
    bodies = {b.resolve() for p in ours for b in body_files_of(p)}  # function bodies those files name
    ours += [p for p in existing if p.suffix == ".sql" and p.resolve() in bodies and p.resolve().is_relative_to(root)]
    theirs = sorted(str(p) for p in targets.values() if p.exists() and p not in ours)
    if theirs:
        raise ForgeError(f"refusing to overwrite {', '.join(theirs)}: not written by forge import",
                         hint="move it away, or import into another directory (--out)")
    for p in ours:
        p.unlink()
    out.mkdir(parents=True, exist_ok=True)  # even for an empty database: an empty schema is a schema
    for rel, text in files.items():
        targets[rel].parent.mkdir(parents=True, exist_ok=True)
        targets[rel].write_text(text, encoding="utf-8")


@command("import", "Reverse-engineer the database into YAML entity files (importing then planning is a no-op).", (
    "forge import --out schema\n  forge import --out schema --schema-name public --schema-name audit\n"
    "  forge import --out schema --layout schema --force"
))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Directory to write the YAML files to.")
@click.option("--schema-name", "schema_names", multiple=True,
              help="PostgreSQL schema to import (repeatable; default: every non-system schema).")
@click.option("--layout", type=click.Choice(LAYOUTS), default="table", show_default=True,
              help="table: one file per table; schema: one file per PostgreSQL schema.")
@click.option("--force", is_flag=True, help="Write into a non-empty directory, replacing the files an earlier import wrote (no other file).")
def import_cmd(ctx: Ctx, out_dir: str, schema_names: tuple[str, ...], layout: str, force: bool):
    url, _ = ctx.target()
    import_into(ctx, url, Path(out_dir), schema_names, layout, force)


def import_into(ctx: Ctx, url: str, out: Path, schema_names: tuple[str, ...] = (), layout: str = "table",
                force: bool = False) -> None:
    """Write the YAML of the database at ``url`` into ``out`` (also what ``forge baseline --import`` does)."""
    from ..database.session import connect, redact
    from ..entities.roundtrip import import_model
    from ..errors import ForgeError
    from ..inspect import inspect_database, unmanaged_objects
    from ..reading import excluded_schemas

    if out.exists() and not out.is_dir():
        raise ForgeError(f"{out} exists and is not a directory")
    existing = _existing_files(out)
    if existing and not force:
        raise ForgeError(f"{out} is not empty ({len(existing)} file(s))",
                         hint="choose an empty directory, or pass --force to replace the files an earlier import wrote")
    history = excluded_schemas(ctx.config)
    schemas = list(schema_names) or None
    with ctx.ui.working("importing") as step, connect(url) as conn:
        step("reading the database")
        db = inspect_database(conn, schemas, exclude_schemas=history, helper=lambda: connect(url))
        unmanaged = unmanaged_objects(conn, schemas, exclude_schemas=history)
    if schemas:
        missing = sorted(set(schemas) - {s.name for s in db.schemas})
        if missing:
            raise ForgeError(f"no such schema in {redact(url)}: {', '.join(missing)}")
    with ctx.ui.working("importing") as step:
        step(f"writing and checking the YAML of {len(db.tables)} tables")
        # each pass's files are written while they are checked; a pass after the first (names
        # made explicit) replaces the files the one before wrote
        result = import_model(db, default_schema=ctx.config.default_schema, layout=layout,
                              written=lambda files: _write(out, _existing_files(out), files))
    for obj in unmanaged:
        ctx.ui.err.print(styled("not managed (left untouched): {}", obj))
    for problem in result.problems:
        ctx.ui.err.print(styled("[yellow]warning:[/] the imported YAML does not validate: {}", problem))
    ctx.ui.info("[green]✓[/] imported {} tables, {} views, {} enums, {} sequences into {}/ ({} files)",
                len(db.tables), len(db.views), len(db.enums), len(db.sequences), out, len(result.files))
