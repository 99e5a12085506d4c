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


def schema_url() -> str:
    """Where editors find the JSON Schema: the file shipped inside the installed package."""
    return (Path(__file__).parent / "data" / "schemaforge.schema.json").resolve().as_uri()


def init_project(root: Path) -> list[str]:
    """Create what is missing; never overwrite. Returns a line per action, for the user."""
    root.mkdir(parents=True, exist_ok=True)
    done: list[str] = []

    def create(rel: str, text: str) -> None:
        path = root / rel
        if path.exists():
            done.append(f"  exists  {rel}")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        done.append(f"[green]  create[/]  {rel}")

    create("schema/post.yaml", EXAMPLE_ENTITY.format(schema_url=schema_url()))
    (root / "migrations").mkdir(exist_ok=True)
    done.append("[green]  create[/]  migrations/")
    create(DATASOURCE_NAME, DATASOURCE)
    pyproject = root / "pyproject.toml"
    if not pyproject.exists():
        pyproject.write_text(f'[project]\nname = "{root.resolve().name}"\nversion = "0.1.0"\n{CONFIG}')
        done.append("[green]  create[/]  pyproject.toml")
    elif "[tool.schemaforge]" not in pyproject.read_text():
        with pyproject.open("a") as f:
            f.write(CONFIG)
        done.append("[yellow]  update[/]  pyproject.toml ([tool.schemaforge])")
    gi = root / ".gitignore"
    existing = gi.read_text().splitlines() if gi.exists() else []
    missing = [x for x in IGNORES if x not in existing]
    if missing:
        with gi.open("a") as f:
            if existing and existing[-1].strip():
                f.write("\n")
            f.write("# schemaforge\n" + "".join(f"{x}\n" for x in missing))
        done.append(f"[yellow]  update[/]  .gitignore ({', '.join(missing)})")
    done.append("\nNext: edit schema/post.yaml, then `forge validate` and `forge plan`.")
    return done

