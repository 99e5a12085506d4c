"""Migration files: ``<UTC YYYYMMDDHHMMSS>_<name>.sql`` with a header, directives, up and down.

The format is plain SQL so a reviewer reads it like any other script, and psql could run a
section by hand. Sections are marked by comment lines (``-- +up``, ``-- +down``), directives by
``-- +<directive>`` lines before the first section. Statements are split by a small lexer that
knows about quotes, dollar quotes and comments, so a ``;`` inside a function body or a string
never cuts a statement in two.

A section is a list of *steps*, each run in a transaction of its own or, for statements
PostgreSQL refuses inside one (``CREATE INDEX CONCURRENTLY``), without::

    -- +up
    -- +step transaction
    ALTER TYPE "public"."mood" ADD VALUE 'happy';

    -- +step transaction
    ALTER TABLE "public"."post" ALTER COLUMN "mood" SET DEFAULT 'happy'::"public"."mood";

    -- +step no-transaction
    CREATE INDEX CONCURRENTLY "post_title_idx" ON "public"."post" ("title");

A section without ``-- +step`` lines is one step: in a transaction, or without one when the file
has the ``-- +no-transaction`` directive (the format before steps existed, still read as is).
:func:`render_section` writes a single transactional step that way too, so the common migration
looks as it always did. The history table records each section as written, markers included,
so :func:`parse_section` reads recorded SQL the same way.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .. import __version__
from ..errors import ForgeError

FILE_RE = re.compile(r"^(\d{14})_([a-z0-9_]+)\.sql$")
NO_TRANSACTION = "no-transaction"
TRANSACTION = "transaction"
BASELINE = "baseline"
FOLDS = "folds"
KNOWN_DIRECTIVES = {NO_TRANSACTION, BASELINE}
_FOLDS_RE = re.compile(r"^--\s*\+folds\s+(\d{14})_([a-z0-9_]+)\.sql\s+(h1:[A-Za-z0-9+/=]+)$")
STEP_MARKER = "-- +step"
_STEP_RE = re.compile(r"--\s*\+step\b[ \t]*(\S*)[ \t]*$")

# Statements PostgreSQL refuses to run inside a transaction block (matched from the statement's
# start, so a column named ``vacuum`` is not one).
_NO_TX_RE = re.compile(
    r"\s*(?:CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY|REINDEX\b.*\bCONCURRENTLY"
    r"|VACUUM\b|CREATE\s+DATABASE|DROP\s+DATABASE"
    r"|ALTER\s+SYSTEM|ALTER\s+TABLE\b.*\bDETACH\s+PARTITION\s+.+\s+CONCURRENTLY)",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Step:
    """Statements run together: in one transaction, or (``transaction=False``) one by one outside any."""

    transaction: bool
    statements: tuple[str, ...]
    lines: tuple[int, ...] = field(default=(), compare=False)  # 1-based file line of each statement, if known

    @property
    def mode(self) -> str:
        return TRANSACTION if self.transaction else NO_TRANSACTION

    def line(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else 0


def flatten(steps: Iterable[Step]) -> list[str]:
    return [s for step in steps for s in step.statements]


def auto_step(statements: Sequence[str]) -> Step:
    """One step for a plain list of statements: outside a transaction only if one of them must be."""
    return Step(not needs_no_transaction(statements), tuple(statements))


def as_steps(steps_or_statements) -> list[Step]:
    """Steps as given, or a plain statement list as one step (:func:`auto_step`); empty steps dropped."""
    items = list(steps_or_statements)
    if items and all(isinstance(x, str) for x in items):
        items = [auto_step(items)]
    return [s for s in items if s.statements]


@dataclass(frozen=True)
class Folded:
    """A migration ``forge squash`` folded into a baseline: the file it was, and its checksum then.

    A database whose history holds that version with that checksum already has what the
    baseline creates, so it is up to date and not missing a file (:mod:`.runner`'s ``State``).
    """

    version: str
    name: str
    checksum: str

    @property
    def filename(self) -> str:
        return f"{self.version}_{self.name}.sql"


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    path: Path
    up: tuple[str, ...]  # every up statement, steps flattened
    down: tuple[str, ...]
    directives: frozenset[str]
    checksum: str  # h1:<base64 sha256 of the file bytes>, as in the manifest
    up_sql: str  # the up section as written (recorded in history)
    down_sql: str  # the down section as written (what rollback runs later)
    up_lines: tuple[int, ...]  # 1-based file line where each up statement starts
    up_steps: tuple[Step, ...] = ()
    down_steps: tuple[Step, ...] = ()
    stepped: bool = False  # the file marks its steps (``-- +step``); else each section is one step
    folds: tuple[Folded, ...] = ()  # ``-- +folds`` lines: what a squash baseline replaced

    @property
    def filename(self) -> str:
        return self.path.name

    @property
    def baseline(self) -> bool:
        """Written by ``forge baseline`` or ``forge squash``: creates the whole schema from nothing."""
        return BASELINE in self.directives


def h1(data: bytes) -> str:
    return "h1:" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def slugify(name: str) -> str:
    """``Add user email!`` → ``add_user_email``: the file name part must be ``[a-z0-9_]``."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not slug:
        raise ForgeError(f"migration name {name!r} has no letters or digits", hint="e.g. forge generate add_users")
    return slug[:80]


def needs_no_transaction(statements) -> bool:
    return any(_NO_TX_RE.match(strip_comments(s)) for s in statements)


# --- statement splitting ----------------------------------------------------------------------

_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")


_WORD = re.compile(r"(?<![A-Za-z0-9_$])[A-Za-z_][A-Za-z0-9_$]*")
_ROUTINE_HEAD = (["create", "function"], ["create", "procedure"], ["create", "or", "replace", "function"],
                 ["create", "or", "replace", "procedure"])
_HEAD_WORDS = max(len(h) for h in _ROUTINE_HEAD)


def scan(sql: str):
    """Yield (kind, start, end) tokens: 'code' runs, 'str', 'comment', 'semi'. A ``;`` inside
    the ``BEGIN ATOMIC ... END`` body of ``CREATE FUNCTION`` or ``PROCEDURE`` is code, as psql
    reads it: there, ``BEGIN`` and ``CASE`` open a block and ``END`` closes one. A statement's
    first words say whether it is such a routine; the words of any other are not looked at."""
    head: list[str] = []  # the statement's first words, as many as the longest routine head
    routine = False
    depth = 0
    for kind, a, b in _scan(sql):
        if kind == "semi":
            if depth:
                yield "code", a, b
                continue
            head, routine = [], False
        elif kind == "code" and (routine or len(head) < _HEAD_WORDS):
            for m in _WORD.finditer(sql, a, b):
                w = m.group().lower()
                if len(head) < _HEAD_WORDS:
                    head.append(w)
                    routine = any(head[:len(h)] == h for h in _ROUTINE_HEAD)
                if routine:
                    if w in ("begin", "case"):
                        depth += 1
                    elif w == "end" and depth:
                        depth -= 1
                elif len(head) == _HEAD_WORDS:
                    break  # not a routine: nothing more to learn from its words
        yield kind, a, b


_NEXT_SPECIAL = re.compile(r"--|/\*|['\";$]")


def _scan(sql: str):
    i, n = 0, len(sql)
    start = 0
    while i < n:
        c = sql[i]
        if c == "-" and sql.startswith("--", i):
            if start < i:
                yield "code", start, i
            j = sql.find("\n", i)
            j = n if j == -1 else j
            yield "comment", i, j
            i = start = j
        elif c == "/" and sql.startswith("/*", i):
            if start < i:
                yield "code", start, i
            depth, j = 1, i + 2
            while j < n and depth:
                if sql.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif sql.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            yield "comment", i, j
            i = start = j
        elif c in "'\"":
            if start < i:
                yield "code", start, i
            j = i + 1
            # E'...' strings allow backslash escapes
            backslash = c == "'" and i > 0 and sql[i - 1] in "eE" and (i < 2 or not (sql[i - 2].isalnum() or sql[i - 2] == "_"))
            while j < n:
                if backslash and sql[j] == "\\":
                    j += 2
                    continue
                if sql[j] == c:
                    if j + 1 < n and sql[j + 1] == c:
                        j += 2
                        continue
                    j += 1
                    break
                j += 1
            else:
                j = n
            yield "str", i, j
            i = start = j
        elif c == "$" and (m := _DOLLAR_TAG.match(sql, i)) and not (i > 0 and (sql[i - 1].isalnum() or sql[i - 1] == "_")):
            if start < i:
                yield "code", start, i
            tag = m.group(0)
            j = sql.find(tag, m.end())
            j = n if j == -1 else j + len(tag)
            yield "str", i, j
            i = start = j
        elif c == ";":
            if start < i:
                yield "code", start, i
            yield "semi", i, i + 1
            i = start = i + 1
        else:  # plain code up to the next place any branch above could start (not char by char)
            m = _NEXT_SPECIAL.search(sql, i + 1)
            i = m.start() if m is not None else n
    if start < n:
        yield "code", start, n


def split_statements(sql: str) -> list[str]:
    """Split a script at top-level ``;``; comments between statements are dropped, inner ones kept."""
    out: list[str] = []
    buf: list[str] = []
    meaningful = False
    for kind, a, b in scan(sql):
        if kind == "semi":
            if meaningful:
                out.append("".join(buf).strip())
            buf, meaningful = [], False
            continue
        text = sql[a:b]
        if kind == "comment" and not meaningful:
            continue  # a leading comment belongs to no statement
        buf.append(text)
        if kind != "comment" and text.strip():
            meaningful = True
    if meaningful:
        out.append("".join(buf).strip())
    return out


def statement_lines(sql: str) -> list[tuple[int, str]]:
    """Each statement with the 0-based line offset where its first meaningful token starts."""
    result: list[tuple[int, str]] = []
    first: int | None = None
    buf: list[str] = []
    for kind, a, b in scan(sql):
        if kind == "semi":
            if first is not None:
                result.append((sql.count("\n", 0, first), "".join(buf).strip()))
            buf, first = [], None
            continue
        text = sql[a:b]
        if kind == "comment" and first is None:
            continue
        if first is None and text.strip():
            first = a + (len(text) - len(text.lstrip()))
        buf.append(text)
    if first is not None:
        result.append((sql.count("\n", 0, first), "".join(buf).strip()))
    return result


def strip_comments(sql: str) -> str:
    return "".join(sql[a:b] if kind != "comment" else " " for kind, a, b in scan(sql))


# --- reading and writing ----------------------------------------------------------------------


def _terminated(statement: str) -> str:
    return f"{statement.rstrip().rstrip(';')};"


def render_section(steps) -> str:
    """A section's text: its statements, under ``-- +step`` markers unless it is one transactional step."""
    steps = as_steps(steps)
    if len(steps) == 1 and steps[0].transaction:
        return "".join(f"{_terminated(s)}\n" for s in steps[0].statements)
    return "\n".join(f"{STEP_MARKER} {step.mode}\n" + "".join(f"{_terminated(s)}\n" for s in step.statements)
                     for step in steps)


def render(version: str, name: str, up, down, *, directives=(), folds: Sequence[Folded] = ()) -> str:
    """The text of a migration file; ``up``/``down`` are steps, or plain statement lists (one step)."""
    lines = [
        "-- schemaforge migration",
        f"-- version: {version}",
        f"-- name: {name}",
        f"-- generated by schemaforge {__version__}",
    ]
    lines += [f"-- +{d}" for d in sorted(directives)]
    lines += [f"-- +{FOLDS} {f.filename} {f.checksum}" for f in folds]
    return "\n".join(lines) + "\n\n-- +up\n" + render_section(up) + "\n-- +down\n" + render_section(down)


def next_version(directory: Path, now: datetime | None = None) -> str:
    """The current UTC second, bumped past any version already in ``directory``."""
    taken = {m.group(1) for p in _sql_files(directory) if (m := FILE_RE.match(p.name))}
    latest = max(taken, default=None)
    t = (now or datetime.now(UTC)).replace(microsecond=0)
    if latest and latest >= t.strftime("%Y%m%d%H%M%S"):
        t = datetime.strptime(latest, "%Y%m%d%H%M%S").replace(tzinfo=UTC) + timedelta(seconds=1)
    return t.strftime("%Y%m%d%H%M%S")


def write_new(directory: Path, name: str, up, down, *, now: datetime | None = None) -> Path:
    """A new migration file with ``up`` and ``down`` (steps, or plain statement lists)."""
    directory.mkdir(parents=True, exist_ok=True)
    slug = slugify(name)
    while True:
        version = next_version(directory, now)
        path = directory / f"{version}_{slug}.sql"
        try:
            with path.open("x") as f:  # exclusive: two generates racing never share a file
                f.write(render(version, slug, up, down))
            return path
        except FileExistsError:
            continue


def parse(path: Path) -> Migration:
    m = FILE_RE.match(path.name)
    if not m:
        raise ForgeError(
            f"{path}: migration file names look like 20250101120000_add_users.sql",
            hint="rename the file (or move it out of the migrations directory)",
        )
    data = path.read_bytes()
    try:
        text = data.decode()
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ForgeError(f"{path}:{line}:{col}: byte 0x{data[exc.start]:02x} is not valid UTF-8",
                         hint="save the migration as UTF-8") from None
    directives: set[str] = set()
    folds: list[Folded] = []
    sections: dict[str, list[str]] = {}
    starts: dict[str, int] = {}
    current: str | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped in ("-- +up", "-- +down"):
            key = stripped[4:]
            if key in sections:
                raise ForgeError(f"{path}:{lineno}: second `{stripped}` section", hint="a file has one up and one down")
            sections[key], starts[key], current = [], lineno + 1, key
        elif current is None and (fold := _FOLDS_RE.match(stripped)):
            folds.append(Folded(*fold.groups()))
        elif current is None and stripped.startswith("-- +"):
            d = stripped[4:].strip()
            if d.split(" ")[0] == FOLDS:
                raise ForgeError(f"{path}:{lineno}: `{stripped}` is not `-- +folds <version>_<name>.sql h1:<checksum>`",
                                 hint="forge squash writes these lines: restore them as it wrote them")
            if d not in KNOWN_DIRECTIVES:
                raise ForgeError(f"{path}:{lineno}: unknown directive `{stripped}`",
                                 hint=f"known: {', '.join('-- +' + k for k in sorted(KNOWN_DIRECTIVES))}")
            directives.add(d)
        elif current is not None:
            sections[current].append(line)
        elif stripped and not stripped.startswith("--"):
            raise ForgeError(f"{path}:{lineno}: SQL before the `-- +up` section", hint="put statements under `-- +up`")
    if folds and BASELINE not in directives:
        raise ForgeError(f"{path}: `-- +folds` lines without `-- +baseline`",
                         hint="only a baseline written by forge squash folds earlier migrations")
    if "up" not in sections:
        raise ForgeError(f"{path}: no `-- +up` section", hint="a migration has `-- +up` and `-- +down` sections")
    default = NO_TRANSACTION not in directives
    parsed = {}
    for key in ("up", "down"):
        raw = "\n".join(sections.get(key, []))
        parsed[key] = parse_section(raw, where=str(path), first_line=starts.get(key, 1), transaction=default)
    up_steps, stepped_up = parsed["up"]
    down_steps, stepped_down = parsed["down"]
    stepped = stepped_up or stepped_down
    if stepped and not default:
        raise ForgeError(f"{path}: `-- +no-transaction` and `-- +step` lines in one file",
                         hint="mark each step `-- +step transaction` or `-- +step no-transaction` and drop the "
                              "`-- +no-transaction` directive")
    up_sql = "\n".join(sections["up"]).strip()
    down_sql = "\n".join(sections.get("down", [])).strip()
    if not default:  # recorded with its marker, so the history knows how it ran
        up_sql, down_sql = (f"{STEP_MARKER} {NO_TRANSACTION}\n{t}" if t else t for t in (up_sql, down_sql))
    return Migration(
        version=m.group(1), name=m.group(2), path=path, up=tuple(flatten(up_steps)), down=tuple(flatten(down_steps)),
        directives=frozenset(directives), checksum=h1(data), up_sql=up_sql, down_sql=down_sql,
        up_lines=tuple(n for step in up_steps for n in step.lines),
        up_steps=tuple(up_steps), down_steps=tuple(down_steps), stepped=stepped, folds=tuple(folds),
    )


def parse_section(sql: str, *, where: str = "", first_line: int = 1,
                  transaction: bool | None = None) -> tuple[list[Step], bool]:
    """(steps, marked) of a section's text; ``marked``: it has ``-- +step`` lines.

    Statements under no marker form one step, in a transaction if ``transaction`` says so
    (``None``: unless one of them cannot run in one, for SQL recorded before steps existed).
    Markers are found by the lexer between statements, so a ``-- +step`` line inside a string,
    a function body or a statement is not one. Empty steps are dropped.
    """
    cuts: list[tuple[int, int, bool]] = []  # (marker start, marker end, transaction)
    inside = False  # within a statement (code since the last `;`): a comment there is only a comment
    for kind, a, b in scan(sql):
        if kind == "semi":
            inside = False
        elif kind != "comment":
            inside = inside or bool(sql[a:b].strip())
        if kind != "comment" or inside or not (m := _STEP_RE.match(sql, a, b)):
            continue
        line_start = sql.rfind("\n", 0, a) + 1
        if sql[line_start:a].strip():
            continue  # a trailing comment, not a marker line
        lineno = first_line + sql.count("\n", 0, a)
        mode = m.group(1)
        if mode not in (TRANSACTION, NO_TRANSACTION):
            raise ForgeError(f"{where}:{lineno}: `{sql[a:b].strip()}`: a step is `transaction` or `no-transaction`",
                             hint="e.g. `-- +step no-transaction` before CREATE INDEX CONCURRENTLY")
        cuts.append((a, b, mode == TRANSACTION))
    chunks: list[tuple[int, int, bool | None]] = []  # (start, end, transaction)
    first = cuts[0][0] if cuts else len(sql)
    chunks.append((0, first, transaction))
    for i, (_, end, tx) in enumerate(cuts):
        chunks.append((end, cuts[i + 1][0] if i + 1 < len(cuts) else len(sql), tx))
    steps: list[Step] = []
    for index, (a, b, tx) in enumerate(chunks):
        located = statement_lines(sql[a:b])
        if not located:
            continue
        base = first_line + sql.count("\n", 0, a)
        if index == 0 and cuts:
            raise ForgeError(f"{where}:{base + located[0][0]}: a statement before the section's first `-- +step` line",
                             hint="put it under a `-- +step transaction` (or `no-transaction`) line")
        statements = tuple(stmt for _, stmt in located)
        steps.append(Step(not needs_no_transaction(statements) if tx is None else tx, statements,
                          tuple(base + off for off, _ in located)))
    return steps, bool(cuts)


def recorded_steps(sql: str) -> list[Step]:
    """The steps of a section recorded in the history (or a saved plan): markers, else one step."""
    return parse_section(sql)[0]


def _sql_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.sql") if p.is_file()) if directory.is_dir() else []


def migration_files(directory: Path) -> list[Path]:
    return [p for p in _sql_files(directory) if FILE_RE.match(p.name)]


def load_all(directory: Path) -> list[Migration]:
    """Every migration in version order; a stray ``.sql`` file or a duplicate version is an error."""
    migrations = [parse(p) for p in _sql_files(directory)]
    seen: dict[str, Migration] = {}
    for mig in migrations:
        if mig.version in seen:
            raise ForgeError(
                f"two migrations share version {mig.version}: {seen[mig.version].filename} and {mig.filename}",
                hint="rename one with a later version (and run `forge rehash`)",
            )
        seen[mig.version] = mig
    return sorted(migrations, key=lambda m: m.version)


def check_modes(mig: Migration) -> None:
    """Refuse a step that must run outside a transaction but is not marked so, before anything runs."""
    sections = (("up", mig.up_steps), ("down", mig.down_steps)) if mig.stepped else (("up", mig.up_steps),)
    for section, steps in sections:
        for i, step in enumerate(steps, 1):
            if not step.transaction or not needs_no_transaction(step.statements):
                continue
            if mig.stepped:
                raise ForgeError(
                    f"{mig.filename}: step {i} of the {section} section runs in a transaction but has a statement "
                    "that cannot (e.g. CREATE INDEX CONCURRENTLY)",
                    hint="mark that step `-- +step no-transaction` (then `forge rehash`)")
            raise ForgeError(
                f"{mig.filename} has a statement that cannot run inside a transaction (e.g. CREATE INDEX "
                "CONCURRENTLY) but no `-- +no-transaction` directive",
                hint="add a `-- +no-transaction` line before `-- +up`, or mark its steps with `-- +step` lines "
                     "(then `forge rehash`)",
            )
