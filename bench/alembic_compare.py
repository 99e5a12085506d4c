"""Alembic's autogenerate diff, as its users run it: reflect the database, compare to MetaData.

Runs in its own virtual environment (``alembic sqlalchemy psycopg2-binary``; ``bench/perf.py``
creates it), never in schemaforge's. Prints one JSON line: the ``[operation, table]`` pairs of
``compare_metadata``'s result and the seconds reflection + comparison took in-process.

    python bench/alembic_compare.py URL METADATA_MODULE.py
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time


def _table(diff) -> str:
    """The table a diff tuple is about (its shape depends on the operation)."""
    op = diff[0]
    if op in ("add_table", "remove_table", "add_table_comment", "remove_table_comment"):
        return diff[1].name
    if op in ("add_index", "remove_index"):
        return diff[1].table.name
    if op in ("add_constraint", "remove_constraint", "add_fk", "remove_fk"):
        return diff[1].table.name
    return diff[2]  # add_column / remove_column / modify_*: (op, schema, table, ...)


def main() -> None:
    url, module_path = sys.argv[1], sys.argv[2]
    spec = importlib.util.spec_from_file_location("bench_metadata", module_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    start = time.perf_counter()
    engine = create_engine(url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(ctx, module.metadata)
    seconds = time.perf_counter() - start
    pairs = []
    for d in diffs:
        for item in d if isinstance(d, list) else [d]:  # modify_* come grouped in a list per column
            pairs.append([item[0], _table(item)])
    print(json.dumps({"diffs": sorted(pairs), "seconds": seconds}))


if __name__ == "__main__":
    main()
