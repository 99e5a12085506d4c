"""Random tables for the local canonicalizer's proof (tests/test_canonical.py).

Each table mixes what the canonicalizer proves (common types, literal and clock defaults,
simple checks, plain indexes, identity columns) with what it must leave to the server
(jsonb, other functions, casts it does not know, colliding names), in the spellings people
write and the spellings the catalog prints, with hostile string literals and comments.
"""

from __future__ import annotations

import json
import random

TYPES = ["integer", "bigint", "smallint", "numeric", "numeric(12,2)", "numeric(5)", "text", "varchar(40)",
         "varchar", "char(8)", "boolean", "date", "timestamptz", "timestamp", "timestamp(3) with time zone",
         "jsonb", "uuid", "real", "double precision", "text[]", "integer[]", "interval", "bytea", "int", "int8",
         "time", "time(2)", "timetz", "float"]
STRINGS = ["", "a", "it's", "back\\slash", "ünï ✓", "semi; colon", "$$", "--x", "/* c */", "two\nlines", "''",
           "\"q\"", "%s", "UPPER", "tab\t", " lead", "a'b'c"]
COMMENTS = ["plain", "it's", "$$ dollar $$", "-- dash", "ünïcode ✓", "two\nlines", "[bold]x[/]", "\x1b[31mred"]
INT_CONSTS = ["0", "1", "42", "-1", "-250", "2147483647", "'-7'::integer", "3000000000", "(5)", "007"]
NUM_CONSTS = ["1.5", "0.25", "-1.5", "'-2.5'::numeric", "100.50", "0", "3", "(0)::numeric", "1e3", ".5"]
CLOCKS = ["now()", "CURRENT_TIMESTAMP", "current_timestamp", "CURRENT_DATE", "Now()", "now ()", "LOCALTIMESTAMP",
          "clock_timestamp()", "statement_timestamp()"]
# what the canonicalizer proves: half the tables use only these, so most of them are compared
TAME_TYPES = ["integer", "bigint", "smallint", "numeric(12,2)", "text", "varchar(40)", "boolean", "date",
              "timestamptz", "jsonb", "uuid"]
OPS = ["=", "<>", "!=", "<", ">", "<=", ">="]
KEYWORD_COLUMNS = ["user", "order", "select", "end", "value", "name", "type", "Mixed", "with space"]


def sql_string(s: str, rng: random.Random, cast: str | None = None) -> str:
    text = "'" + s.replace("'", "''") + "'"
    if cast and rng.random() < 0.5:
        text += f"::{cast}"
    return text


def _family(t: str) -> str:
    if t in ("integer", "bigint", "smallint", "int", "int8"):
        return "int"
    if t.startswith("numeric"):
        return "numeric"
    if t in ("text", "varchar", "varchar(40)", "char(8)"):
        return {"text": "text", "char(8)": "char"}.get(t, "varchar")
    return t


def default_for(t: str, rng: random.Random) -> str | None:
    f = _family(t)
    if f == "int":
        return rng.choice(INT_CONSTS[:7] + ["(1)", "NULL", "1 + 1", "abs(-3)"])
    if f == "numeric":
        return rng.choice(NUM_CONSTS[:8] + INT_CONSTS[:4] + ["NULL", "1.5::numeric(5,1)"])
    if f in ("text", "varchar", "char"):
        cast = {"text": "text", "varchar": "character varying", "char": "bpchar"}[f]
        pick = rng.random()
        if pick < 0.8:
            return sql_string(rng.choice(STRINGS), rng, cast)
        return rng.choice(["lower('AB')", "'x'::varchar", "'y'::text", "E'\\n'", "'a' || 'b'", "NULL"])
    if f == "boolean":
        return rng.choice(["true", "false", "TRUE", "'t'", "NULL", "(not false)"])
    if f in ("timestamptz", "timestamp(3) with time zone", "timestamp", "date"):
        return rng.choice(CLOCKS + (["'2024-01-01'"] if f == "date" else []))
    if f == "jsonb":
        return rng.choice(["'{}'", "'[]'::jsonb", "'{\"a\": 1}'", "'{ }'", "NULL"])
    if f == "uuid":
        return rng.choice(["gen_random_uuid()", "NULL", "'00000000-0000-0000-0000-000000000000'"])
    return None


def condition(cols: dict[str, str], rng: random.Random, depth: int = 0) -> str | None:
    """A boolean expression over ``cols`` (name -> YAML type) that PostgreSQL accepts."""
    if depth < 2 and rng.random() < 0.25:
        a, b = condition(cols, rng, depth + 1), condition(cols, rng, depth + 1)
        if a and b:
            op = rng.choice(["AND", "OR", "and"])
            text = f"{a} {op} {b}"
            if rng.random() < 0.3:
                c = condition(cols, rng, depth + 1)
                text = f"{text} {rng.choice(['AND', 'OR'])} {c}" if c else text
            return f"({text})" if rng.random() < 0.5 else text
        return a or b
    name = rng.choice(sorted(cols))
    ref = ident(name)
    f = _family(cols[name])
    op = rng.choice(OPS)
    pick = rng.random()
    if pick < 0.12:
        return f"{ref} IS {rng.choice(['NOT ', ''])}NULL"
    if f == "int":
        if pick < 0.35:
            items = rng.sample(INT_CONSTS[:6], rng.randint(1, 3))
            return f"{ref} {rng.choice(['IN', 'NOT IN'])} ({', '.join(items)})"
        if pick < 0.45:
            return f"({ref} {rng.choice(['= ANY', '<> ALL'])} (ARRAY[{', '.join(rng.sample(INT_CONSTS[:6], 2))}]))"
        return f"{ref} {op} {rng.choice(INT_CONSTS + ['abs(-1)', '1.5'])}"
    if f == "numeric":
        return f"{ref} {op} {rng.choice(NUM_CONSTS + INT_CONSTS[:4])}"
    if f in ("text", "varchar", "char"):
        if pick < 0.3:
            return f"length({ref}{rng.choice(['', '::text'])}) {op} {rng.choice(INT_CONSTS[:4])}"
        if pick < 0.45:
            items = [sql_string(s, rng, "text") for s in rng.sample(STRINGS, rng.randint(1, 3))]
            return f"{ref} {rng.choice(['IN', 'NOT IN'])} ({', '.join(items)})"
        if pick < 0.55:
            items = [sql_string(s, rng, "text") for s in rng.sample(STRINGS, 2)]
            return f"({ref} = ANY (ARRAY[{', '.join(items)}]))"
        if pick < 0.65 and f == "varchar":
            return f"(({ref})::text {op} {sql_string(rng.choice(STRINGS), rng, 'text')})"
        return f"{ref} {op} {sql_string(rng.choice(STRINGS), rng)}"
    if f == "boolean":
        return rng.choice([ref, f"{ref} = true", f"NOT {ref}", f"({ref})"])
    if f == "date":
        return f"{ref} > '2000-01-01'"
    return f"{ref} IS NOT NULL"


def ident(name: str) -> str:
    """``name`` as people would write it in SQL: quoted when it must be."""
    plain = name.islower() and name not in KEYWORD_COLUMNS and " " not in name
    return name if plain else '"' + name.replace('"', '""') + '"'


def table(i: int, rng: random.Random) -> tuple[str, dict]:
    """Entity ``E<i>``: its name and its YAML document (as a dict)."""
    name = rng.choice([f"t{i}", f"tab_{i}_x", f"T{i}", (f"t{i}_" + "l" * 70)[:rng.randint(40, 63)]])
    cols: dict[str, dict] = {}
    types: dict[str, str] = {}
    tame = rng.random() < 0.5
    for k in range(rng.randint(1, 7)):
        cname = rng.choice([f"c{k}", f"col_{k}", (f"c{k}_" + "v" * 70)[:rng.randint(3, 63)]]) if rng.random() > 0.05 \
            else rng.choice(KEYWORD_COLUMNS) + str(k)
        if rng.random() < 0.03 and not tame:
            cname = rng.choice(KEYWORD_COLUMNS)
        if cname in cols:
            continue
        t = rng.choice(TAME_TYPES if tame else TYPES)
        col: dict = {"type": t}
        if rng.random() < 0.4:
            col["nullable"] = False
        if rng.random() < 0.45:
            d = default_for(t, rng)
            if d is not None:
                col["default_sql"] = d
        if rng.random() < 0.12:
            col["comment"] = rng.choice(COMMENTS)
        cols[cname] = col
        types[cname] = t
    if rng.random() < 0.6:
        pk = rng.choice(sorted(cols))
        cols[pk]["primary"] = True
        cols[pk].pop("nullable", None)
        if _family(types[pk]) == "int" and rng.random() < 0.5:
            cols[pk].pop("default_sql", None)
            cols[pk]["identity"] = rng.choice(["always", "by_default"])
    for cname in sorted(cols):
        if rng.random() < 0.1 and "primary" not in cols[cname] and not types[cname].endswith("[]") \
                and types[cname] not in ("jsonb",):
            cols[cname]["unique"] = True
    ent: dict = {"table": name, "columns": cols}
    if rng.random() < 0.3:
        ent["comment"] = rng.choice(COMMENTS)
    checks = {}
    for k in range(rng.randint(0, 3)):
        cond = condition(types, rng)
        if cond:
            checks[f"ck_{i}_{k}"] = cond
    if checks:
        ent["checks"] = checks
    indexes = []
    indexable = sorted(c for c, t in types.items() if t not in ("jsonb",) and not t.endswith("[]"))
    for _ in range(rng.randint(0, 3) if indexable else 0):
        keys = []
        for c in rng.sample(indexable, rng.randint(1, min(2, len(indexable)))):
            if rng.random() < 0.5:
                keys.append(c)
            else:
                key: dict = {"name": c}
                if rng.random() < 0.5:
                    key["order"] = rng.choice(["asc", "desc"])
                if rng.random() < 0.5:
                    key["nulls"] = rng.choice(["first", "last"])
                keys.append(key)
        ix: dict = {"columns": keys}
        texts = [c for c in indexable if _family(types[c]) == "text"]
        if texts and rng.random() < 0.3:
            ix = {"expressions": [f"lower({ident(rng.choice(texts))})"]}
        if rng.random() < 0.2:
            ix["unique"] = True
        if rng.random() < 0.3:
            cond = condition(types, rng)
            if cond:
                ix["where"] = cond
        indexes.append(ix)
    if indexes:
        ent["indexes"] = indexes
    return name, ent


def schema_doc(seed: int, n: int) -> str:
    """``n`` random tables as one YAML (JSON) document; names made unique per document."""
    rng = random.Random(seed)
    entities = {}
    for i in range(n):
        _, ent = table(i, rng)
        entities[f"E{i}"] = ent
    if n > 3 and rng.random() < 0.5:  # a table named like another's identity sequence
        first = entities["E0"]
        entities["E0"] = {**first, "table": "t1_c0_seq"}
    return json.dumps({"entities": entities})
