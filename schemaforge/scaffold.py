"""``forge init``: a new project with an example entity, ready for ``forge plan``."""

from __future__ import annotations

from pathlib import Path

EXAMPLE_ENTITY = """\
# yaml-language-server: $schema={schema_url}
# Entities of this project. Every *.yaml file under schema/ is read; see `forge validate`.
enums:
  post_status: [draft, published, archived]
entities:
  Post:
    comment: Articles written on the site
    columns:
      id:         {{ type: bigint, primary: true, identity: always }}
      title:      {{ type: varchar(200) }}
      status:     {{ type: post_status, default: draft }}
      created_at: {{ type: timestamptz, default_sql: now() }}
    indexes:
      - {{ columns: [created_at] }}
"""

DATASOURCE = """\
# Database connections for schemaforge. Kept out of git: it may hold credentials.
# ${VAR} and ${VAR:-default} are read from the environment. Choose one with --env NAME.
# With no environment defined, forge uses its embedded development database (.forge/).
# default: dev
environments:
  # dev:
  #   url: "postgresql://localhost/myapp_dev"
  # prod:
  #   url: "postgresql://app:${PGPASSWORD}@db.internal/myapp"
  #   production: true
"""

CONFIG = """
[tool.schemaforge]
schema_dir = "schema"
migrations_dir = "migrations"
default_schema = "public"
lock_timeout = "5s"
"""

DATASOURCE_NAME = "forge.datasource.yaml"
IGNORES = [DATASOURCE_NAME, ".forge/"]


SCHEMA_COPY = "schemaforge.schema.json"
"""The JSON Schema's copy at a project's root, committed with it: the modeline of ``forge init``'s
YAML points there by a relative path, so it works in every teammate's checkout and editor
(a path into the installed package is absolute and differs from one machine to the next)."""


def package_schema() -> Path:
    """The JSON Schema shipped inside the installed package."""
    return Path(__file__).parent / "data" / "schemaforge.schema.json"


def schema_url() -> str:
    """The package's JSON Schema as a ``file://`` URL: for YAML that is not part of a project
    (``forge import`` into any directory, ``forge inspect`` on stdout)."""
    return package_schema().resolve().as_uri()


def init_project(root: Path) -> list[tuple[str, str]]:
    """Create what is missing; never overwrite. Returns (action, what) per step for the user:
    action ``create``, ``exists``, ``update`` or ``note`` (a sentence)."""
    root.mkdir(parents=True, exist_ok=True)
    done: list[tuple[str, str]] = []

    def create(rel: str, text: str) -> None:
        path = root / rel
        if path.exists():
            done.append(("exists", rel))
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        done.append(("create", rel))

    create("schema/post.yaml", EXAMPLE_ENTITY.format(schema_url=f"../{SCHEMA_COPY}"))
    _copy_schema(root / SCHEMA_COPY, done)
    (root / "migrations").mkdir(exist_ok=True)
    done.append(("create", "migrations/"))
    create(DATASOURCE_NAME, DATASOURCE)
    pyproject = root / "pyproject.toml"
    if not pyproject.exists():
        pyproject.write_text(f'[project]\nname = "{root.resolve().name}"\nversion = "0.1.0"\n{CONFIG}')
        done.append(("create", "pyproject.toml"))
    elif "[tool.schemaforge]" not in pyproject.read_text():
        with pyproject.open("a") as f:
            f.write(CONFIG)
        done.append(("update", "pyproject.toml ([tool.schemaforge])"))
    gi = root / ".gitignore"
    existing = gi.read_text().splitlines() if gi.exists() else []
    missing = [x for x in IGNORES if x not in existing]
    if missing:
        with gi.open("a") as f:
            if existing and existing[-1].strip():
                f.write("\n")
            f.write("# schemaforge\n" + "".join(f"{x}\n" for x in missing))
        done.append(("update", f".gitignore ({', '.join(missing)})"))
    done.append(("note", f"Commit {SCHEMA_COPY} with the project: editors check the YAML against it."))
    done.append(("note", "Next: edit schema/post.yaml, then `forge validate` and `forge plan`."))
    return done



def _copy_schema(path: Path, done: list[tuple[str, str]]) -> None:
    """The package's JSON Schema at ``path``, refreshed when this version's differs (it is ours,
    never the user's: an upgraded schemaforge brings new keys to the editor)."""
    text = package_schema().read_text(encoding="utf-8")
    if path.exists():
        if path.read_text(encoding="utf-8") == text:
            done.append(("exists", SCHEMA_COPY))
            return
        path.write_text(text, encoding="utf-8")
        done.append(("update", f"{SCHEMA_COPY} (this version's JSON Schema)"))
        return
    path.write_text(text, encoding="utf-8")
    done.append(("create", SCHEMA_COPY))
