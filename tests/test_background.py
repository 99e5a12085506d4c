"""Work done meanwhile (schemaforge.background): a forked child gives exactly what the same
call gives here, and every way a child can fail ends in the in-process answer or error."""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

from schemaforge import background
from schemaforge.errors import ForgeError, ValidationFailed
from tests.conftest import body_file_schema, run_sql

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="forks only on Linux")

CALLS: list[int] = []  # appended to by the process that ran the function


def _pid_and(value):
    CALLS.append(os.getpid())
    return os.getpid(), value


def _fails_with(exc):
    CALLS.append(os.getpid())
    raise exc


def _dies():
    CALLS.append(os.getpid())
    if os.getpid() != PARENT:
        os._exit(3)
    return "here"


def _unpicklable():
    CALLS.append(os.getpid())
    return lambda: None


PARENT = os.getpid()
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def forks(monkeypatch):
    """Forking allowed, as under the console entry point (the suite's own threads aside)."""
    monkeypatch.setattr(background, "_processes", True)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    CALLS.clear()
    yield


def test_result_comes_from_a_child(forks):
    pending = background.start(_pid_and, {"a": [1, 2]})
    pid, value = pending.result()
    assert pid != os.getpid()
    assert value == {"a": [1, 2]}
    assert CALLS == []  # the parent never ran it


def test_a_plain_forge_error_is_raised_as_the_child_raised_it(forks):
    pending = background.start(_fails_with, ForgeError("cannot connect to x", hint="check DATABASE_URL"))
    with pytest.raises(ForgeError) as caught:
        pending.result()
    assert (type(caught.value), caught.value.message, caught.value.hint) == (
        ForgeError, "cannot connect to x", "check DATABASE_URL")
    assert CALLS == []


@pytest.mark.parametrize("exc", [ValueError("boom"), ValidationFailed([]), KeyboardInterrupt()])
def test_any_other_error_is_met_again_in_process(forks, exc):
    pending = background.start(_fails_with, exc)
    with pytest.raises(type(exc)):
        pending.result()
    assert [os.getpid()] == CALLS  # the parent did the work again and met the error itself


def test_a_child_that_dies_means_the_work_is_done_here(forks):
    assert background.start(_dies).result() == "here"
    assert [os.getpid()] == CALLS


def test_a_result_that_does_not_pickle_is_computed_here(forks):
    result = background.start(_unpicklable).result()
    assert callable(result)
    assert [os.getpid()] == CALLS


def test_where_fork_fails_a_thread_does_the_same(forks, monkeypatch, tmp_path):
    """A sandbox that forbids fork, a process limit: the answer all the same, from a thread."""
    def refused():
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fork", refused)
    pid, value = background.start(_pid_and, [1]).result()
    assert (pid, value) == (os.getpid(), [1])
    background.detach(_write_pid, tmp_path / "pid")
    assert (tmp_path / "pid").read_text() == str(os.getpid())


def test_no_fork_unless_allowed_or_with_other_threads(monkeypatch):
    monkeypatch.setattr(background, "_processes", False)
    assert not background.forking()
    pid, _ = background.start(_pid_and, 1).result()
    assert pid == os.getpid()  # a thread
    monkeypatch.setattr(background, "_processes", True)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert not background.forking()


def test_the_console_entry_point_allows_forking(monkeypatch):
    entry = importlib.import_module("schemaforge.cli.main")

    monkeypatch.setattr(background, "_processes", False)
    monkeypatch.setattr(entry, "cli", lambda **_kw: None)
    monkeypatch.setattr("gc.freeze", lambda: None)
    monkeypatch.setattr("gc.set_threshold", lambda *_a: None)
    entry.main()
    assert background._processes is True
    monkeypatch.setenv("FORGE_PROCESSES", "0")  # everything in one process, e.g. under a profiler
    entry.main()
    assert background._processes is False



def _write_pid(path):
    path.write_text(str(os.getpid()))


def _wait_for(predicate, what: str, seconds: float = 20.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, f"{what}: not within {seconds} s"
        time.sleep(0.01)


def test_detached_work_runs_in_a_child_nobody_waits_for(forks, tmp_path):
    target = tmp_path / "pid"
    background.detach(_write_pid, target)
    _wait_for(lambda: target.exists() and target.read_text(), "the child's file")
    assert int(target.read_text()) != os.getpid()


def test_detached_work_runs_here_without_fork(monkeypatch, tmp_path):
    monkeypatch.setattr(background, "_processes", False)
    background.detach(_write_pid, tmp_path / "pid")
    assert (tmp_path / "pid").read_text() == str(os.getpid())  # done before detach returned


AT_EXIT = """
import os, sys
from pathlib import Path
from schemaforge import background
background.allow_processes()
target = Path(sys.argv[1])
forks = []
real_fork = os.fork
os.fork = lambda: forks.append(1) or real_fork()
background.detach_at_exit(lambda: target.write_text(str(os.getpid())))
print(len(forks), os.getpid())
"""


def test_work_detached_at_exit_runs_in_a_child_after_the_process_ends(tmp_path):
    """Not while the process works (a fork then costs it a copy of each page it touches): no
    fork when it is asked for, and the file is written by another process once this one ends."""
    import subprocess
    import sys

    target = tmp_path / "pid"
    res = subprocess.run([sys.executable, "-c", AT_EXIT, str(target)], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    forked, pid = res.stdout.split()
    assert (res.returncode, forked) == (0, "0"), res.stderr
    _wait_for(lambda: target.exists() and target.read_text(), "the file written at exit")
    assert target.read_text() not in (pid, str(os.getpid()))


def test_work_detached_beside_a_thread_still_runs_in_a_child_after_the_process_ends(tmp_path):
    """A thread alive when the work is handed over (a read ahead just done) does not make the
    process do the work there and then: it waits for the exit, when the thread has ended."""
    import subprocess
    import sys

    target = tmp_path / "pid"
    beside = AT_EXIT.replace("background.detach_at_exit(", "import threading, time\n"
                             "t = threading.Thread(target=time.sleep, args=(0.2,)); t.start()\n"
                             "background.detach_at_exit(")
    beside = beside.replace("print(len(forks), os.getpid())", "print(len(forks), os.getpid(), int(target.exists()))")
    res = subprocess.run([sys.executable, "-c", beside, str(target)], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    forked, pid, written = res.stdout.split()
    assert (res.returncode, forked, written) == (0, "0", "0"), res.stderr
    _wait_for(lambda: target.exists() and target.read_text(), "the file written at exit")
    assert target.read_text() not in (pid, str(os.getpid()))


def test_work_detached_at_exit_runs_here_without_fork(monkeypatch, tmp_path):
    monkeypatch.setattr(background, "_processes", False)
    background.detach_at_exit(_write_pid, tmp_path / "pid")
    assert (tmp_path / "pid").read_text() == str(os.getpid())  # done before it returned


EARLY_EXIT = """
import os, sys, time
from pathlib import Path
from schemaforge import background

def work(marker):
    Path(marker).write_text(str(os.getpid()))
    time.sleep(120)

background.allow_processes()
background.detach(time.sleep, 120)  # left running: must not hold the caller's pipes open
background.start(work, sys.argv[1])
while not Path(sys.argv[1]).exists() or not Path(sys.argv[1]).read_text():
    time.sleep(0.01)
print("parent done", flush=True)
sys.exit(1)  # an error in the YAML: the child's answer is never taken
"""


def test_a_parent_that_ends_early_takes_its_child_with_it(tmp_path):
    """The child holds no pipe of the caller's open, and does not outlive the parent."""
    import subprocess

    marker = tmp_path / "child.pid"
    res = subprocess.run([sys.executable, "-c", EARLY_EXIT, str(marker)], capture_output=True, text=True,
                         timeout=30, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert (res.returncode, res.stdout, res.stderr) == (1, "parent done\n", "")
    child = int(marker.read_text())

    def gone() -> bool:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return True
        return _zombie(child)

    _wait_for(gone, f"child {child} still running")


def _zombie(pid: int) -> bool:
    try:
        return open(f"/proc/{pid}/stat").read().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True


# ---- the ``forge`` command itself: its plan reads the catalog in a forked child ----

SCHEMA = """\
entities:
  Account:
    table: account
    columns:
      id: { type: bigint, primary: true }
      email: { type: text, unique: true, comment: "it's \\"quoted\\"; -- not a comment" }
  Note:
    table: note
    columns:
      id: { type: bigint, primary: true }
      account_id: { type: bigint, references: Account.id }
"""


def _console(project, *args: str, url: str):
    import subprocess

    env = {**os.environ, "DATABASE_URL": url, "NO_COLOR": "1", "COLUMNS": "200", "CI": "1",
           "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "schemaforge", *args], cwd=project.root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_console_plan_equals_the_in_process_plan(project, db_url):
    run_sql(db_url, "CREATE TABLE account (id bigint PRIMARY KEY, email varchar(10)); COMMENT ON TABLE account IS 'x';")
    project.schema(SCHEMA)
    in_process = project.forge("plan", "--format", "json")
    shutil.rmtree(project.root / ".forge")
    console = _console(project, "plan", "--format", "json", url=db_url)  # fresh: the catalog read in a child
    assert console.returncode == 0, console.stderr
    assert console.stdout == in_process.stdout
    model = project.root / ".forge" / "cache" / "model.pickle"
    _wait_for(model.exists, "the YAML model cache, written by a detached child")
    warm = _console(project, "plan", "--format", "json", url=db_url)  # warm: the model from the cache
    assert (warm.returncode, warm.stdout) == (0, in_process.stdout), warm.stderr
    assert '"ALTER TABLE \\"public\\".\\"account\\" ALTER COLUMN \\"email\\" TYPE text"' in console.stdout


def test_sync_reads_the_target_while_the_yaml_loads(project, db_url, monkeypatch):
    """``forge sync`` takes the read-ahead's model (one catalog read before it runs, not two),
    through the ``forge`` command (a child) as in process (a thread)."""
    from schemaforge import reading
    from tests.conftest import query

    run_sql(db_url, "CREATE TABLE account (id bigint PRIMARY KEY, email varchar(10));")
    project.schema(SCHEMA)
    reads: list[str] = []
    real = reading.inspect_target
    monkeypatch.setattr(reading, "inspect_target", lambda url, *a, **kw: reads.append(url) or real(url, *a, **kw))
    res = project.forge("sync")
    assert res.exit_code == 0, res.output
    assert reads == [db_url]
    assert query(db_url, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                         "WHERE attrelid = 'account'::regclass AND attname = 'email'") == [("text",)]
    run_sql(db_url, "DROP TABLE note; ALTER TABLE account ALTER COLUMN email TYPE varchar(10);")
    console = _console(project, "sync", url=db_url)
    assert console.returncode == 0, console.stderr
    assert "synced:" in console.stderr + console.stdout
    assert query(db_url, "SELECT count(*) FROM pg_class WHERE relname IN ('account', 'note') AND relkind = 'r'") == [(2,)]
    assert project.forge("plan").stdout.startswith("✓ No changes")


def test_an_unreachable_server_is_reported_once_through_the_child(project, tmp_path):
    project.schema(SCHEMA)
    url = f"postgresql://nobody:s3cret@/app?host={tmp_path}/nowhere"
    res = _console(project, "plan", url=url)
    assert res.returncode == 1, res.stderr
    lines = res.stderr.splitlines()
    assert [line.split(":")[0] for line in lines if line.startswith("error:")] == ["error"]  # once
    assert "cannot connect to" in res.stderr and "hint: check --database-url" in res.stderr
    assert "s3cret" not in res.stderr + res.stdout


def test_the_fingerprint_is_of_values_not_of_which_objects_are_shared(db_url):
    """A model that came through a pickle (from the child) shares its strings differently
    from one read here; a saved plan made from one is applied against the other."""
    import pickle

    from schemaforge.database.session import connect
    from schemaforge.inspect import inspect_database
    from schemaforge.planner import fingerprint

    run_sql(db_url, "CREATE TABLE t (id int PRIMARY KEY, a text DEFAULT 'default'); "
                    "ALTER TABLE t REPLICA IDENTITY DEFAULT; CREATE INDEX ON t (a);")
    with connect(db_url) as conn:
        read = inspect_database(conn)
    copied = pickle.loads(pickle.dumps(read, protocol=5))
    assert copied == read
    assert fingerprint(copied) == fingerprint(read)


def test_a_warm_run_is_told_apart_before_any_yaml_is_read(tmp_path):
    """``start_load(...).cached``: the model ``load_schema`` cached, only while every file is the same."""
    from schemaforge.entities import load_schema, start_load

    schema, cache = tmp_path / "schema", tmp_path / ".forge" / "cache"
    schema.mkdir()
    (schema / "app.yaml").write_text(SCHEMA)
    assert start_load(schema, "public", cache_dir=cache).cached is None  # nothing cached yet
    model = load_schema(schema, "public", cache_dir=cache)  # this process does not fork: written here
    assert start_load(schema, "public", cache_dir=cache).cached == model
    assert start_load(schema, "other", cache_dir=cache).cached is None  # another default schema, another model
    (schema / "app.yaml").write_text(SCHEMA.replace("table: note", "table: notes"))
    assert start_load(schema, "public", cache_dir=cache).cached is None


def test_the_cache_key_is_of_the_bytes_the_model_was_built_from(tmp_path):
    """A file changed while a load runs (after the run looked for a cached model, before it read
    the file) is cached under the bytes it was built from, never under those it looked for: a
    later run of the first bytes does not get the second's model."""
    from schemaforge.entities import load_schema, start_load

    schema, cache = tmp_path / "schema", tmp_path / ".forge" / "cache"
    schema.mkdir()
    (schema / "app.yaml").write_text(SCHEMA)
    load_schema(schema, "public", cache_dir=cache)  # a cache file: the next run looks for its key
    first, second = SCHEMA.replace("table: note", "table: notes"), SCHEMA.replace("table: note", "table: memo")
    (schema / "app.yaml").write_text(first)
    loading = start_load(schema, "public", cache_dir=cache)
    assert loading.cached is None
    (schema / "app.yaml").write_text(second)  # before this process reads it (no child here)
    model = loading.result()
    assert "memo" in [t.name for t in model.tables]
    (schema / "app.yaml").write_text(first)
    assert start_load(schema, "public", cache_dir=cache).cached is None
    (schema / "app.yaml").write_text(second)
    assert start_load(schema, "public", cache_dir=cache).cached == model


def test_a_body_file_changed_during_a_load_is_not_cached(tmp_path):
    """Body files are hashed before the load reads them, and again before the model is written:
    one that changed in between (the model may hold either text) leaves the cache alone."""
    from schemaforge.entities import start_load

    schema, cache = body_file_schema(tmp_path)
    loading = start_load(schema, "public", cache_dir=cache)
    (schema / "bodies" / "f.sql").write_text("SELECT 2")
    assert [f.body for f in loading.result().functions] == ["SELECT 2"]
    (schema / "bodies" / "f.sql").write_text("SELECT 1")
    assert start_load(schema, "public", cache_dir=cache).cached is None
    assert not (cache / "model.pickle").exists()
    start_load(schema, "public", cache_dir=cache).result()  # undisturbed: cached
    assert [f.body for f in start_load(schema, "public", cache_dir=cache).cached.functions] == ["SELECT 1"]


def test_a_fresh_load_reads_each_yaml_file_once(tmp_path, monkeypatch):
    """No cached model: the files are not read to look one up, only to be loaded (the model's
    key comes from the bytes loaded)."""
    from pathlib import Path

    from schemaforge.entities import load_schema

    schema, cache = tmp_path / "schema", tmp_path / ".forge" / "cache"
    schema.mkdir()
    for i in range(3):
        (schema / f"f{i}.yaml").write_text(f"entities:\n  E{i}:\n    columns:\n      id: {{ type: bigint, primary: true }}\n")
    reads: list[str] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or real(self))
    load_schema(schema, "public", cache_dir=cache)
    assert sorted(reads) == ["f0.yaml", "f1.yaml", "f2.yaml"]


def test_a_stale_model_is_refused_on_its_key_line_never_unpickled(tmp_path, monkeypatch):
    """The first run after a YAML change reads the cache file's first line only."""
    import schemaforge.entities as entities
    import schemaforge.keyed_pickle as keyed_pickle

    schema, cache = tmp_path / "schema", tmp_path / ".forge" / "cache"
    schema.mkdir()
    (schema / "app.yaml").write_text(SCHEMA)
    model = entities.load_schema(schema, "public", cache_dir=cache)
    (schema / "app.yaml").write_text(SCHEMA.replace("table: note", "table: notes"))
    unpickled: list[int] = []
    real = keyed_pickle.pickle.loads
    monkeypatch.setattr(keyed_pickle.pickle, "loads", lambda data: unpickled.append(len(data)) or real(data))
    assert entities.start_load(schema, "public", cache_dir=cache).cached is None
    assert unpickled == []
    (schema / "app.yaml").write_text(SCHEMA)  # back as cached: read whole
    assert entities.start_load(schema, "public", cache_dir=cache).cached == model
    assert len(unpickled) == 1


def test_the_console_generate_equals_the_in_process_generate(project, db_url):
    """``forge generate`` reads the target ahead the same way: the same migration, byte for byte
    but its timestamp."""
    import re

    run_sql(db_url, "CREATE TABLE account (id bigint PRIMARY KEY, email varchar(10));")
    project.schema(SCHEMA)
    migrations = project.root / "migrations"

    def written() -> str:
        [path] = sorted(migrations.glob("*.sql"))
        text = re.sub(r"(?m)^-- version: \d{14}$", "-- version: V", path.read_text())
        shutil.rmtree(migrations)
        return f"{re.sub(r'^[0-9]{14}_', '', path.name)}\n{text}"

    project.forge("generate", "evolve")
    in_process = written()
    shutil.rmtree(project.root / ".forge")
    console = _console(project, "generate", "evolve", url=db_url)  # fresh: the catalog read in a child
    assert console.returncode == 0, console.stderr
    assert written() == in_process
    assert 'ALTER TABLE "public"."account" ALTER COLUMN "email" TYPE text;' in in_process
    _wait_for((project.root / ".forge" / "cache" / "model.pickle").exists, "the YAML model cache")
    warm = _console(project, "generate", "evolve", url=db_url)  # warm: on a thread
    assert warm.returncode == 0, warm.stderr
    assert written() == in_process
