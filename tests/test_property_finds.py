"""What the property tests found, minimized into plain regression tests (see tests/test_properties.py)."""

from __future__ import annotations


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
