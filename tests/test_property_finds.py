"""What the property tests found, minimized into plain regression tests (see tests/test_properties.py)."""

from __future__ import annotations

from tests.conftest import ok, query


def test_a_surrogate_escape_is_a_located_error_not_a_crash(project):
    """``"\\ud83e\\udd80"`` (how json.dumps writes 🦀) is two halves of a character: once `validate`
    accepted it and `plan` died in psycopg ("surrogates not allowed") with a traceback."""
    project.schema('enums:\n  mood:\n    values: [ok]\n    comment: "\\ud83e\\udd80 wide"\n')
    expected = [
        "schema/app.yaml:4:17: error: a \\u escape of half a character (a UTF-16 surrogate, \\ud800-\\udfff) "
        "is not text PostgreSQL can store",
        "  hint: write the character itself, or escape it as one code point: \\U0001F980, not \\ud83e\\udd80 "
        "as JSON writes it",
        "✗ 1 problem(s) found",
    ]
    for command in ("validate", "plan"):
        res = project.forge(command)
        assert res.exit_code == 1 and res.stderr.splitlines() == expected, res.output
    project.schema('enums:\n  mood:\n    values: [ok]\n    comment: "\\U0001F980 wide"\n')
    res = project.forge("plan", "--format", "sql")
    assert res.exit_code == 0 and "COMMENT ON TYPE \"public\".\"mood\" IS '🦀 wide';" in res.stdout, res.output


ENUM = """
enums:
  mood:
    values: [{labels}]
    comment: "{comment}"
entities:
  Post:
    columns:
      id: {{ type: bigint, primary: true }}
      mood: {{ type: mood, nullable: true }}
"""


def test_rolling_back_new_labels_and_a_new_comment_restores_the_old_comment(project):
    """Found by test_migrations_land_and_roll_back: the down of ADD VALUE recreates the enum, and
    it recreated it with the *new* comment, after the comment's own down had restored the old one."""
    comment = "SELECT obj_description('mood'::regtype, 'pg_type')"
    project.schema(ENUM.format(labels="ok, sad", comment="plain"))
    assert ok(project.forge("generate", "a")).exit_code == 0
    ok(project.forge("apply"))
    project.schema(ENUM.format(labels="it's, ok, sad", comment="it's"))
    ok(project.forge("generate", "b"))
    ok(project.forge("apply"))
    assert query(project.db_url, comment) == [("it's",)]
    ok(project.forge("rollback", "--steps", "1", "--allow-destructive"))
    assert query(project.db_url, comment) == [("plain",)]
    assert query(project.db_url, "SELECT enum_range(NULL::mood)::text") == [("{ok,sad}",)]


def test_rolling_back_a_removed_label_and_a_new_comment_restores_the_old_comment(project):
    comment = "SELECT obj_description('mood'::regtype, 'pg_type')"
    project.schema(ENUM.format(labels="ok, sad", comment="plain"))
    ok(project.forge("generate", "a"))
    ok(project.forge("apply"))
    project.schema(ENUM.format(labels="ok", comment="it's"))
    ok(project.forge("generate", "b"))
    ok(project.forge("apply"))
    assert query(project.db_url, comment) == [("it's",)]
    ok(project.forge("rollback", "--steps", "1"))
    assert query(project.db_url, comment) == [("plain",)]
    assert query(project.db_url, "SELECT enum_range(NULL::mood)::text") == [("{ok,sad}",)]
