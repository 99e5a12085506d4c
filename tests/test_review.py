"""Review artefacts: the markdown PR comment, GitHub annotations, the CI examples and pre-commit hooks.

The examples are tested by running them: every shell command of the GitHub workflow and the
GitLab pipeline (all but ``pip install``) runs with bash on a fixture git repository (a main
branch and a pull-request branch, each with its migrations) against a real PostgreSQL, and
every pre-commit hook's entry runs there too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from schemaforge.annotations import annotation, escape
from tests.conftest import ok, plan_json, sync

REPO = Path(__file__).resolve().parent.parent
CI = REPO / "examples" / "ci"

BEFORE = """
entities:
  Post:
    columns:
      id:     { type: bigint, primary: true }
      title:  { type: text }
      views:  { type: integer, default: 0 }
      legacy: { type: text, nullable: true }
"""

AFTER = """
entities:
  Post:
    columns:
      id:     { type: bigint, primary: true }
      title:  { type: text }
      views:  { type: bigint, default: 0 }
      rank:   { type: integer, nullable: true }
    indexes:
      - { name: post_title_idx, columns: [title] }
  Tag:
    columns:
      id:   { type: integer, primary: true }
      name: { type: text }
"""

COMMENT = """\
<!-- schemaforge-plan -->
### schemaforge plan

**Plan: 3 to create, 1 to change, 1 to drop (2 hazards)**: +1 column, +1 index, +1 table, \\~1 column, -1 column

| | object | change | locks |
|---|---|---|---|
| `+` | table public.tag | create table public.tag (2 columns) | no lock |
| `+` | table public.post | add column rank integer | ACCESS EXCLUSIVE |
| `-` | table public.post | drop column legacy | ACCESS EXCLUSIVE |
| `~` | table public.post | alter column views: type integer -\\> bigint | ACCESS EXCLUSIVE, scans, rewrites |
| `+` | table public.post | create index post\\_title\\_idx | SHARE UPDATE EXCLUSIVE, scans |

> [!CAUTION]
> **1 destructive change(s)**: applying needs `--allow-destructive`
> - drop column legacy: loses every value of column public.post.legacy — SF102

> [!WARNING]
> **1 change(s) block writes while they scan or rewrite a table**
> - alter column views: type integer -\\> bigint (table public.post): ACCESS EXCLUSIVE, scans, rewrites

**Hazards**

- SF102 error (data_loss): **destructive**: drops column public.post.legacy and its data
- SF201 warning (table_rewrite): public.post.views: integer -\\> bigint rewrites the table and its indexes \
under an ACCESS EXCLUSIVE lock

<details><summary>Lock per statement (5 statement(s), 1 blocking writes)</summary>

| # | step | statement | lock |
|---:|---:|---|---|
| 1 | 1 | CREATE TABLE "public"."tag" ( "id" integer NOT NULL, "name" text NOT NULL, CONSTRAINT "tag\\_pkey" PR… \
| no lock |
| 2 | 1 | ALTER TABLE "public"."post" ADD COLUMN "rank" integer | ACCESS EXCLUSIVE |
| 3 | 1 | ALTER TABLE "public"."post" DROP COLUMN "legacy" | ACCESS EXCLUSIVE |
| 4 | 1 | ALTER TABLE "public"."post" ALTER COLUMN "views" DROP DEFAULT, ALTER COLUMN "views" TYPE bigint, AL… \
| ACCESS EXCLUSIVE, scans, rewrites |
| 5 | 2 | CREATE INDEX CONCURRENTLY "post\\_title\\_idx" ON "public"."post" ("title") | SHARE UPDATE EXCLUSIVE, scans |

</details>

<details><summary>Up SQL</summary>

```sql
-- +step transaction
CREATE TABLE "public"."tag" (
  "id" integer NOT NULL,
  "name" text NOT NULL,
  CONSTRAINT "tag_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "public"."post" ADD COLUMN "rank" integer;
ALTER TABLE "public"."post" DROP COLUMN "legacy";
ALTER TABLE "public"."post" ALTER COLUMN "views" DROP DEFAULT, ALTER COLUMN "views" TYPE bigint, \
ALTER COLUMN "views" SET DEFAULT 0;

-- +step no-transaction
CREATE INDEX CONCURRENTLY "post_title_idx" ON "public"."post" ("title");
```

</details>

<details><summary>Down SQL</summary>

```sql
-- +step no-transaction
DROP INDEX CONCURRENTLY "public"."post_title_idx";

-- +step transaction
ALTER TABLE "public"."post" ALTER COLUMN "views" DROP DEFAULT, ALTER COLUMN "views" TYPE integer, \
ALTER COLUMN "views" SET DEFAULT 0;
ALTER TABLE "public"."post" ADD COLUMN "legacy" text;
ALTER TABLE "public"."post" DROP COLUMN "rank";
DROP TABLE "public"."tag";
```

</details>

<sub>schema fingerprint `{fingerprint}`: `forge apply` of a plan saved with `--out` refuses a database that \
no longer has it</sub>
"""


def test_markdown_is_the_whole_pr_comment(project):
    project.schema(BEFORE)
    sync(project)
    project.schema(AFTER)
    fingerprint = plan_json(project)["fingerprint"]  # the one a saved plan checks
    # the comment's form; what the pre-flight checks add has its own test (tests/test_preflight.py)
    assert ok(project.forge("plan", "--format", "markdown", "--skip-preflight")).stdout == COMMENT.replace(
        "{fingerprint}", fingerprint)
    sync(project, "--allow-destructive")
    assert ok(project.forge("plan", "--format", "markdown")).stdout == (
        "<!-- schemaforge-plan -->\n### schemaforge plan\n\n✅ No changes: the database matches the schema.\n\n"
        f"<sub>schema fingerprint `{plan_json(project)['fingerprint']}`: `forge apply` of a plan saved with "
        "`--out` refuses a database that no longer has it</sub>\n")


def test_markdown_names_a_row_estimate_when_a_change_carries_one():
    from schemaforge.review import to_markdown

    class Plan:  # the few attributes the comment reads of a destructive-only plan
        def __init__(self, change):
            self.changes, self.up_steps, self.down_steps, self.fingerprint = (change,), (), (), "f"
            self.hazards = [(change, h) for h in change.hazards()]
            self.destructive = [change]
            self.empty = False

    from schemaforge import changes as ch
    from schemaforge.model import Column, QName

    drop = ch.DropColumn(QName("public", "post"), Column("legacy", "text"))
    line = "> - drop column legacy: loses every value of column public.post.legacy (about 1,200 rows) — SF102"
    assert line in to_markdown(Plan(drop), estimate=lambda c: "about 1,200 rows").splitlines()
    assert line.replace(" (about 1,200 rows)", "") in to_markdown(Plan(drop)).splitlines()


HOSTILE = r"""
entities:
  Thing:
    table: "t,1:%\u0085"
    columns:
      id: { type: bigint, primary: true }
      "c\r\nx::error::pwn\e[31m\u2028%0A": { type: text, nullable: true }
      "v,:": { type: integer }
"""


def test_github_annotations_point_at_the_yaml_and_survive_hostile_names(project):
    project.write("schema/a,b:%c.yaml", HOSTILE)
    sync(project)
    project.write("schema/a,b:%c.yaml", HOSTILE.replace(
        '      "c\\r\\nx::error::pwn\\e[31m\\u2028%0A": { type: text, nullable: true }\n', "")
        .replace("integer", "bigint"))
    out = ok(project.forge("plan", "--format", "github")).stdout
    assert out.split("\n") == [
        # the dropped column is gone from the YAML: its entity (line 2) is where it was dropped
        "::error file=schema/a%2Cb%3A%25c.yaml,line=2,col=3,title=SF102::drop column "
        "c\\r\\nx::error::pwn\\x1b[31m\\u2028%250A (table public.t,1:%25\\x85): drops column "
        "public.t,1:%25\\x85.c\\r\\nx::error::pwn\\x1b[31m\\u2028%250A and its data. Fix: stop reading and writing "
        "the column first; drop it in a later release, once no running code uses it",
        # the changed column, at its own line
        "::warning file=schema/a%2Cb%3A%25c.yaml,line=6,col=7,title=SF201::alter column v,:: type integer -> bigint "
        "(table public.t,1:%25\\x85): public.t,1:%25\\x85.v,:: integer -> bigint rewrites the table and its indexes "
        "under an ACCESS EXCLUSIVE lock. Fix: add a column of the new type, backfill it in batches, then swap the "
        "columns",
        "",
    ]


def test_github_annotation_without_a_yaml_source_has_no_file(project):
    project.schema(BEFORE)
    sync(project)
    project.schema(AFTER.replace("  Post:", "  Article:"))
    lines = ok(project.forge("plan", "--format", "github")).stdout.splitlines()
    assert lines[-1] == ("::error title=SF101::drop table public.post (table public.post): drops table public.post "
                         "and all its rows. Fix: keep the data (rename the table or copy it out) and drop it in a "
                         "later release, once no running code uses it")


CONTROLS = [chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]]


@pytest.mark.parametrize("c", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_no_control_character_reaches_a_workflow_command(c):
    line = annotation("warning", f"a{c}b", file=f"f{c}.yaml", line=3, title=f"T{c}")
    assert line.isprintable() and line.startswith("::warning file=f")
    assert c not in line and line.count("::") == 2


def test_escape_is_githubs_then_ours():
    assert escape("50%\r\n: a,b") == "50%25\\r\\n: a,b"
    assert escape("50%\r\n: a,b", prop=True) == "50%25\\r\\n%3A a%2Cb"
    assert annotation("notice", "m") == "::notice::m"


# --- the examples ---------------------------------------------------------------------------------------


def _yaml(path: Path):
    return YAML(typ="safe", pure=True).load(path.read_text())


def test_example_files_are_valid_yaml_with_what_the_docs_promise():
    gh = _yaml(CI / "github-actions.yml")
    steps = gh["jobs"]["schema"]["steps"]
    assert [s.get("name") for s in steps] == [None, None, "Install schemaforge", "Validate", "Check", "Plan",
                                              "Post the plan"]
    assert steps[-1]["uses"].startswith("marocchino/sticky-pull-request-comment@")
    assert steps[-1]["with"] == {"header": "schemaforge-plan", "path": "plan.md"}
    assert gh["permissions"] == {"contents": "read", "pull-requests": "write"}
    gl = _yaml(CI / "gitlab-ci.yml")
    assert [k for k in gl if not k.startswith(".")] == ["stages", "schema-check", "schema-plan"]
    assert gl["schema-check"]["script"] == ["forge validate", "forge check"]
    hooks = _yaml(REPO / ".pre-commit-hooks.yaml")
    assert [(h["id"], h["entry"], h["language"], h["pass_filenames"]) for h in hooks] == [
        ("forge-validate", "forge validate", "python", False), ("forge-check", "forge check", "python", False)]
    files = re.compile(hooks[0]["files"])
    assert [p for p in ("schema/app.yaml", "migrations/20250101_x.sql", "migrations/schemaforge.sum",
                        "pyproject.toml", "README.md", ".github/workflows/ci.yml", "docs/schema/x.md")
            if files.search(p)] == ["schema/app.yaml", "migrations/20250101_x.sql", "migrations/schemaforge.sum",
                                    "pyproject.toml"]


V2 = BEFORE.replace("integer", "bigint").replace("      legacy: { type: text, nullable: true }\n", "")


def _env(tmp: Path, db_url: str) -> dict[str, str]:
    """A CI job's environment: `forge` as installed (this checkout's schemaforge), a database."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "forge"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m schemaforge "$@"\n')
    shim.chmod(0o755)
    return {"PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin", "PYTHONPATH": str(REPO), "HOME": str(tmp),
            "NO_COLOR": "1", "COLUMNS": "200", "DATABASE_URL": db_url, "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}


def _sh(root: Path, env: dict[str, str], script: str) -> subprocess.CompletedProcess:
    """``script`` as a CI runner runs a step: bash, stopping at the first failing command."""
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def fixture_repo(tmp_path_factory, pg_server, template_db) -> Path:
    """A git repository: ``main`` with one migration, ``pr`` checked out with a second one;
    ``origin`` is the repository itself, as a CI checkout has it. Built once per module."""
    tmp = tmp_path_factory.mktemp("ci")
    root = tmp / "repo"
    name = f"forge_review_{os.getpid()}"
    pg_server.create_database(name, template=template_db)
    env = _env(tmp, pg_server.url_for(name))
    (root / "schema").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "0"\n\n[tool.schemaforge]\n')
    (root / ".gitignore").write_text(".forge/\nplan.md\n")
    (root / "schema" / "app.yaml").write_text(BEFORE.lstrip())
    for script in ("git init -q -b main . && forge generate init --from-migrations && git add -A && "
                   "git commit -qm init && git remote add origin \"file://$PWD\" && git checkout -q -b pr",
                   "forge generate v2 --from-migrations --allow-destructive && git add -A && git commit -qm v2"):
        res = _sh(root, env, script)
        assert res.returncode == 0, res.stderr
        (root / "schema" / "app.yaml").write_text(V2.lstrip())
    yield root
    pg_server.drop_database(name)


@pytest.fixture
def repo(fixture_repo, tmp_path, db_url):
    """A copy of the fixture repository; ``repo(script, **env)`` runs a CI step in it."""
    root = tmp_path / "repo"
    shutil.copytree(fixture_repo, root, symlinks=True)
    env = _env(tmp_path, db_url)

    def sh(script: str, **extra: str) -> subprocess.CompletedProcess:
        return _sh(root, {**env, **extra}, script)

    sh.root = root  # type: ignore[attr-defined]
    return sh


def _runs(steps) -> list[str]:
    return [s["run"] for s in steps if "run" in s and not s["run"].startswith("pip install")]


def test_github_workflow_commands_run_on_a_fixture_repository(repo, make_db, tmp_path):
    steps = _yaml(CI / "github-actions.yml")["jobs"]["schema"]["steps"]
    summary = tmp_path / "summary.md"
    env = {"DATABASE_URL": make_db(), "BASE_REF": "main", "RUNNER_TEMP": str(tmp_path / "runner"),
           "GITHUB_STEP_SUMMARY": str(summary)}
    (tmp_path / "runner").mkdir()
    results = [repo(script, **env) for script in _runs(steps)]
    assert [r.returncode for r in results] == [0, 0, 0], [r.stderr for r in results]
    validate, check, plan = results
    assert validate.stderr.splitlines() == ["✓ schema/ is valid: 1 tables, 0 enums, 0 views"]
    assert check.stdout.splitlines() == ["✓ 2 migration(s) match schemaforge.sum and capture the schema"]
    # planned against the base branch's migrations: the pull request's change, annotated
    assert [line.split("::")[1] for line in plan.stdout.splitlines() if line.startswith("::")] == [
        "error file=schema/app.yaml,line=2,col=3,title=SF102",
        "warning file=schema/app.yaml,line=6,col=7,title=SF201"]
    comment = (repo.root / "plan.md").read_text()
    assert comment.startswith("<!-- schemaforge-plan -->\n### schemaforge plan\n\n"
                              "**Plan: 0 to create, 1 to change, 1 to drop (2 hazards)**: \\~1 column, -1 column\n")
    assert summary.read_text() == comment


def test_gitlab_pipeline_commands_run_on_a_fixture_repository(repo, make_db, tmp_path):
    gl = _yaml(CI / "gitlab-ci.yml")
    assert gl[".forge"]["before_script"] == ["pip install schemaforge"]
    env = {"DATABASE_URL": make_db(), "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_BUILDS_DIR": str(tmp_path)}
    out = []
    for job in ("schema-check", "schema-plan"):
        for line in gl[job]["script"]:
            res = repo(line, **env)
            assert res.returncode == 0, (line, res.stderr)
            out.append(res.stdout)
    assert out[-1] == "PLAN_NOTE_TOKEN not set: the plan is in plan.md\n"
    assert "  - drop column legacy  [ACCESS EXCLUSIVE]" in out[-3].splitlines()
    comment = (repo.root / "plan.md").read_text()
    assert comment.startswith("<!-- schemaforge-plan -->\n")
    # byte-identical under any hash seed, the annotations too
    for fmt in ("markdown", "github"):
        seeded = {repo(f"forge plan --format {fmt}", **env, PYTHONHASHSEED=seed).stdout for seed in ("1", "2")}
        assert len(seeded) == 1 and (fmt == "github" or seeded == {comment})


def test_pre_commit_hooks_run(repo):
    for hook in _yaml(REPO / ".pre-commit-hooks.yaml"):
        res = repo(hook["entry"])
        assert res.returncode == 0, (hook["id"], res.stderr)
    # and fail a commit whose YAML no migration captures
    (repo.root / "schema" / "app.yaml").write_text(V2.lstrip() + "      extra: { type: text, nullable: true }\n")
    res = repo("forge check")
    assert res.returncode == 1 and "the YAML has changes no migration captures" in res.stderr


FUNCTION = """
entities:
  Post:
    columns:
      id: { type: bigint, primary: true }
functions:
  answer:
    returns: integer
    language: sql
    body: SELECT 42
"""


def test_github_annotation_of_a_recreated_function_is_at_the_function(project):
    project.schema(FUNCTION)
    sync(project)
    project.schema(FUNCTION.replace("returns: integer", "returns: bigint"))
    assert ok(project.forge("plan", "--format", "github")).stdout.splitlines() == [
        "::warning file=schema/app.yaml,line=6,col=3,title=SF503::drop function public.answer() "
        "(function public.answer()): function public.answer() is dropped and created again: calls to the old "
        "signature fail, grants on it are lost. Fix: create the new signature as an overload, move callers to it, "
        "drop the old one in a later release"]


SOURCES = """\
schema: app
extensions: [citext]
schemas:
  app:
enums:
  mood: [ok, sad]
domains:
  email: { type: text }
sequences:
  counter: { start: 5 }
entities:
  Post:
    table: posts
    columns:
      id: { type: bigint, primary: true }
      body: { type: text }
    relations:
      author: { type: many-to-one, target: Post }
    checks:
      body_short: "length(body) < 100"
    indexes:
      - { name: posts_body_idx, columns: [body] }
views:
  recent: { schema: public, sql: SELECT 1 }
functions:
  answer: [{ returns: integer, language: sql, body: SELECT 42 }]
"""


def test_sources_map_every_declared_kind_to_its_node():
    from schemaforge.entities.loader import load_text
    from schemaforge.entities.sources import Source, Sources

    doc, problems = load_text(SOURCES, "s.yaml")
    assert problems == []
    at = Sources([doc], "public").at
    assert {k: (v.line, v.col) for k, v in at.items()} == {
        ("table", "app", "posts"): (12, 3), ("relation", "app", "posts"): (12, 3),
        ("column", "app", "posts", "id"): (15, 7), ("column", "app", "posts", "body"): (16, 7),
        ("column", "app", "posts", "author_id"): (18, 7), ("constraint", "app", "posts", "body_short"): (20, 7),
        ("name", "app", "posts_body_idx"): (22, 9),
        ("extension", "citext"): (2, 14), ("type", "app", "mood"): (6, 3), ("type", "app", "email"): (8, 3),
        ("sequence", "app", "counter"): (10, 3), ("relation", "public", "recent"): (24, 3),
        ("function", "app", "answer"): (26, 3), ("schema", "app"): (4, 3)}
    assert {v.file for v in at.values()} == {"s.yaml"}
    assert Sources([doc], "public").find(("table", "app", "gone"), ("column", "app", "posts", "id")) == \
        Source("s.yaml", 15, 7)
