"""A killed `forge apply` can simply be run again (SPEC §5)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from tests.conftest import query

SLOW = """-- schemaforge migration
-- version: {v}
-- name: step{i}
-- +up
CREATE TABLE t{i} (id int);
SELECT pg_sleep(0.3);
INSERT INTO t{i} VALUES ({i});
-- +down
DROP TABLE t{i};
"""


def test_killing_apply_at_random_points_never_leaves_a_half_migration(project):
    for i in range(4):
        project.write(f"migrations/2026010100000{i}_step{i}.sql", SLOW.format(v=f"2026010100000{i}", i=i))
    assert project.forge("rehash").exit_code == 0
    env = {**os.environ, "DATABASE_URL": project.db_url, "NO_COLOR": "1", "CI": "1"}
    rng = random.Random(7)
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-m", "schemaforge.cli", "apply"], cwd=project.root, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # every migration is all-or-nothing: recorded exactly when its table exists with its row
        applied = {r[0] for r in query(project.db_url, "SELECT name FROM schemaforge.migrations")} \
            if query(project.db_url, "SELECT to_regclass('schemaforge.migrations')") != [(None,)] else set()
        for i in range(4):
            exists = query(project.db_url, "SELECT to_regclass(%s)", [f"t{i}"]) != [(None,)]
            assert exists == (f"step{i}" in applied)
    res = project.forge("apply")
    assert res.exit_code == 0, res.output
    assert query(project.db_url, "SELECT count(*) FROM schemaforge.migrations") == [(4,)]
    assert [query(project.db_url, f"SELECT id FROM t{i}") for i in range(4)] == [[(i,)] for i in range(4)]
