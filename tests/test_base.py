"""``forge plan --base REF`` and ``forge check --base REF``: two revisions, no database.

Each test builds a git repository in ``tmp_path`` (two commits, or two branches) and runs forge
with no ``DATABASE_URL`` and no data-source file: the YAML of both sides is normalized on the
embedded server (the run's own, through ``FORGE_EMBEDDED_DIR``; one test lets forge start the
project's own in ``.forge/pg``, as a CI job would).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from schemaforge.migrations import files, manifest

from .conftest import EXTERNAL_URL, PGDATA_ENV, ok, stop_embedded

USERS = """
entities:
  User:
    columns:
      id: { type: integer, primary: true }
      name: { type: text }
"""

USERS_V2 = """
entities:
  User:
    columns:
      id: { type: integer, primary: true }
      name: { type: varchar(100) }
      email: { type: text, nullable: true }
"""

NO_DATABASE = {"DATABASE_URL": None}  # unset, not empty


@pytest.fixture
def repo(offline_project, monkeypatch):
    """``offline_project`` as a git repository, git configured from the environment only."""
    for key, value in {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                       "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull,
                       "GIT_CONFIG_NOSYSTEM": "1"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("FORGE_ENV", raising=False)
    if not EXTERNAL_URL:  # the run's server, not one per test (see test_plan_base_starts_the_embedded_server)
        monkeypatch.setenv("FORGE_EMBEDDED_DIR", os.environ[PGDATA_ENV])
    git(offline_project.root, "init", "-q", "-b", "main")
    (offline_project.root / ".gitignore").write_text(".forge/\n")
    return offline_project


def announced(project) -> str:
    """What forge says on stderr when it uses the embedded server for scratch databases."""
    data = os.environ.get("FORGE_EMBEDDED_DIR") or project.root / ".forge" / "pg"
    return f"using the embedded development database in {data}\n"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def commit(project, message: str) -> None:
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "-m", message)


def two_commits(project) -> None:
    project.schema(USERS)
    commit(project, "users")
    project.schema(USERS_V2)
    commit(project, "email, longer names")


PLAN_TEXT = """\
Plan: 1 to create, 1 to change, 0 to drop (2 hazards)

table public.user
  + add column email text  [ACCESS EXCLUSIVE]
  ~ alter column name: type text -> character varying(100)  [ACCESS EXCLUSIVE, scans, rewrites]
    ! public.user.name: text -> character varying(100) may fail on or change existing values: values must fit character varying(100)
    ! public.user.name: text -> character varying(100) rewrites the table and its indexes under an ACCESS EXCLUSIVE lock

SQL (up)
ALTER TABLE "public"."user" ADD COLUMN "email" text;
ALTER TABLE "public"."user" ALTER COLUMN "name" TYPE character varying(100);

! 1 destructive change(s): applying needs --allow-destructive
"""


def test_plan_base_is_exactly_the_change_between_two_commits(repo):
    two_commits(repo)
    status = git(repo.root, "status", "--porcelain")
    res = ok(repo.forge("plan", "--base", "HEAD~1", env=NO_DATABASE))
    assert res.stdout == PLAN_TEXT
    assert git(repo.root, "status", "--porcelain") == status  # nothing checked out or written
    sql = ok(repo.forge("plan", "--base", "HEAD~1", "--format", "sql", env=NO_DATABASE)).stdout
    assert sql.splitlines() == [
        'ALTER TABLE "public"."user" ADD COLUMN "email" text;',
        'ALTER TABLE "public"."user" ALTER COLUMN "name" TYPE character varying(100);',
    ]
    assert repo.forge("plan", "--base", "HEAD~1", "--detailed-exitcode", env=NO_DATABASE).exit_code == 2


def test_plan_base_starts_the_embedded_server_when_nothing_is_configured(repo, server_dir, monkeypatch):
    """The promise as a CI job meets it: no DATABASE_URL, no data-source file, no server running.
    (The embedded data directory is outside pytest's own temporary tree, which the server's
    user may not enter.)"""
    data = server_dir / "pg"
    monkeypatch.setenv("FORGE_EMBEDDED_DIR", str(data))
    two_commits(repo)
    assert not (repo.root / "forge.datasource.yaml").exists()
    try:
        res = ok(repo.forge("plan", "--base", "HEAD~1", env=NO_DATABASE))
    finally:
        stop_embedded(data)
    assert res.stdout == PLAN_TEXT
    assert res.stderr == f"using the embedded development database in {data}\n"


def test_plan_base_compares_the_working_tree_not_head(repo):
    two_commits(repo)
    assert ok(repo.forge("plan", "--base", "HEAD", env=NO_DATABASE)).stdout == (
        "✓ No changes: the YAML at HEAD gives the working tree's schema.\n")
    repo.schema(USERS)  # uncommitted: back to the first commit's YAML
    assert ok(repo.forge("plan", "--base", "HEAD~1", env=NO_DATABASE)).stdout == (
        "✓ No changes: the YAML at HEAD~1 gives the working tree's schema.\n")


def test_plan_base_reads_a_directory_as_is(repo, tmp_path_factory):
    two_commits(repo)
    old = tmp_path_factory.mktemp("old-schema")
    (old / "app.yaml").write_text(USERS)
    assert ok(repo.forge("plan", "--base", str(old), env=NO_DATABASE)).stdout == PLAN_TEXT


def test_plan_base_drops_the_base_revisions_rename_hints(repo):
    """A ``renamed_from`` still in the YAML at REF described how REF was reached: no rename now,
    and the base schema is the same schema with or without it (one fingerprint)."""
    plain = USERS.replace("name: { type: text }", "full_name: { type: text }")
    repo.schema(plain)
    commit(repo, "full_name")
    repo.schema(USERS.replace("name: { type: text }", "full_name: { type: text, renamed_from: name }"))
    commit(repo, "the same, with the hint")
    repo.schema(plain)
    docs = [json.loads(ok(repo.forge("plan", "--base", ref, "--format", "json", env=NO_DATABASE)).stdout)
            for ref in ("HEAD~1", "HEAD")]
    assert [d["changes"] for d in docs] == [[], []]
    assert docs[0]["fingerprint"] == docs[1]["fingerprint"]


def test_problems_in_the_base_revisions_yaml_are_located_there(repo):
    repo.schema(USERS.replace("type: text", "type: txet"))
    commit(repo, "broken")
    repo.schema(USERS)
    res = repo.forge("plan", "--base", "HEAD", env=NO_DATABASE)
    assert res.exit_code == 1
    first = res.stderr.splitlines()[0]
    assert first.startswith("HEAD:schema/app.yaml:5:"), res.stderr
    assert "txet" in first


@pytest.mark.parametrize(("ref", "message"), [
    ("--output=/tmp/x", "error: --base '--output=/tmp/x': a revision cannot start with '-'"),
    ("-h", "error: --base '-h': a revision cannot start with '-'"),
    (";rm -rf /", "error: --base ';rm -rf /' is not a commit of the git repository in {root}"),
    ("HEAD:schema", "error: --base 'HEAD:schema' is not a commit of the git repository in {root}"),
    ("mäin✓", "error: --base 'mäin✓' is not a commit of the git repository in {root}"),
    ("a\x1b[31mb", "error: --base 'a\\x1b[31mb' is not a revision name (control characters or too long)"),
    ("", "error: --base needs a git revision or a directory, got an empty string"),
])
def test_hostile_refs_get_a_readable_error_and_start_nothing(repo, ref, message, server_dir, monkeypatch):
    data = server_dir / "pg"
    monkeypatch.setenv("FORGE_EMBEDDED_DIR", str(data))  # a server started would show there
    two_commits(repo)
    try:
        res = repo.forge("plan", f"--base={ref}", env=NO_DATABASE)
    finally:
        if data.exists():
            stop_embedded(data)
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == message.format(root=repo.root)
    assert not data.exists()
    assert not Path("/tmp/x").exists() or ref != "--output=/tmp/x"


def test_plan_base_refuses_out(repo):
    two_commits(repo)
    res = repo.forge("plan", "--base", "HEAD~1", "--out", "plan.json", env=NO_DATABASE)
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == ("error: --out saves a plan for `forge apply` on the database it was made "
                                          "against; a plan between two revisions is bound to no database")
    assert not (repo.root / "plan.json").exists()


# --- check --base -------------------------------------------------------------------------------

CREATE_USER = 'CREATE TABLE "public"."user" ("id" integer NOT NULL, "name" text NOT NULL, CONSTRAINT "user_pkey" PRIMARY KEY ("id"))'


def migration(project, version: str, name: str, up: list[str], down: list[str]) -> None:
    mdir = project.root / "migrations"
    (mdir / f"{version}_{name}.sql").write_text(files.render(version, name, up, down))
    manifest.write(mdir)


def forked(project) -> str:
    """main: the users table and its migration; then a branch ``feature`` and back on main."""
    project.schema(USERS)
    migration(project, "20260101000000", "initial", [CREATE_USER], ['DROP TABLE "public"."user"'])
    commit(project, "initial")
    return git(project.root, "rev-parse", "HEAD").strip()


def on_feature_add_bio(project, version: str) -> None:
    git(project.root, "checkout", "-q", "-b", "feature")
    project.schema(USERS + "      bio: { type: text, nullable: true }\n")
    migration(project, version, "add_bio", ['ALTER TABLE "public"."user" ADD COLUMN "bio" text'],
              ['ALTER TABLE "public"."user" DROP COLUMN "bio"'])
    commit(project, "bio")


def on_main(project, schema: str, version: str, name: str, up: list[str], down: list[str]) -> None:
    git(project.root, "checkout", "-q", "main")
    project.schema(schema)
    migration(project, version, name, up, down)
    commit(project, name)
    git(project.root, "checkout", "-q", "feature")


def test_check_base_fails_when_both_sides_change_the_same_table(repo):
    forked(repo)
    on_feature_add_bio(repo, "20260103000000")
    on_main(repo, USERS.replace("type: text", "type: varchar(200)"), "20260102000000", "widen_name",
            ['ALTER TABLE "public"."user" ALTER COLUMN "name" TYPE character varying(200)'],
            ['ALTER TABLE "public"."user" ALTER COLUMN "name" TYPE text'])
    res = repo.forge("check", "--base", "main", env=NO_DATABASE)
    assert res.exit_code == 1
    assert res.stdout == "✓ 2 migration(s) match schemaforge.sum and capture the schema\n"
    assert res.stderr == announced(repo) + (
        "error: this branch's migrations do not commute with those added on main:\n"
        "  public.user: 20260103000000_add_bio.sql (this branch) and 20260102000000_widen_name.sql (main) "
        "both change it\n"
        "  hint: regenerate your migration on top of main: git rebase main, delete "
        "migrations/20260103000000_add_bio.sql, forge generate add_bio\n")


ADD_TAG = 'CREATE TABLE "public"."tag" ("id" integer NOT NULL, CONSTRAINT "tag_pkey" PRIMARY KEY ("id"))'
TAGS = USERS + """  Tag:
    columns:
      id: { type: integer, primary: true }
"""


def test_check_base_passes_when_the_migrations_commute(repo):
    fork = forked(repo)
    on_feature_add_bio(repo, "20260103000000")
    on_main(repo, TAGS, "20260102000000", "add_tag", [ADD_TAG], ['DROP TABLE "public"."tag"'])
    res = ok(repo.forge("check", "--base", "main", env=NO_DATABASE))
    assert res.stdout == (
        "✓ 2 migration(s) match schemaforge.sum and capture the schema\n"
        f"✓ the migrations commute with those added on main since {fork[:12]}\n")


def test_check_base_fails_when_the_branch_would_run_out_of_order(repo):
    forked(repo)
    on_feature_add_bio(repo, "20260102000000")
    on_main(repo, TAGS, "20260103000000", "add_tag", [ADD_TAG], ['DROP TABLE "public"."tag"'])
    res = repo.forge("check", "--base", "main", env=NO_DATABASE)
    assert res.exit_code == 1
    assert res.stderr.splitlines()[:3] == [
        announced(repo).rstrip("\n"),
        "error: this branch's migrations do not commute with those added on main:",
        "  20260102000000_add_bio.sql (this branch) sorts before 20260103000000_add_tag.sql (main): "
        "after the merge it would run out of order",
    ]


def test_check_base_refuses_a_directory(repo):
    forked(repo)
    res = repo.forge("check", "--base", "schema", env=NO_DATABASE)
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == "error: check --base needs a git revision, and schema is a directory"


def test_plan_base_verify_replays_up_and_down_on_the_base_schema(repo):
    two_commits(repo)
    res = ok(repo.forge("plan", "--base", "HEAD~1", "--verify", env=NO_DATABASE))
    assert res.stdout.startswith(PLAN_TEXT)
    assert res.stdout[len(PLAN_TEXT):] == "\n✓ up lands exactly on the YAML\n✓ down restores the starting schema\n"


def test_check_base_names_a_bad_file_at_ref_by_its_place_in_ref(repo):
    forked(repo)
    on_feature_add_bio(repo, "20260103000000")
    git(repo.root, "checkout", "-q", "main")
    (repo.root / "migrations" / "notes.sql").write_text("-- not a migration\n")
    commit(repo, "a stray file")
    git(repo.root, "checkout", "-q", "feature")
    res = repo.forge("check", "--base", "main", env=NO_DATABASE)
    assert res.exit_code == 1
    assert res.stderr.splitlines()[-2] == (
        "error: main:migrations/notes.sql: migration file names look like 20250101120000_add_users.sql")
