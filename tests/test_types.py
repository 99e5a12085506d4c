"""Type aliases normalize to exactly what format_type() prints."""

from __future__ import annotations

import pytest

from schemaforge.types import combine_type, is_integer, normalize_type, plain_type_of_key


@pytest.mark.parametrize(("given", "canonical"), [
    ("int", "integer"), ("int4", "integer"), ("INTEGER", "integer"),
    ("int8", "bigint"), ("bigint", "bigint"), ("int2", "smallint"), ("smallint", "smallint"),
    ("bool", "boolean"), ("float8", "double precision"), ("double", "double precision"),
    ("float4", "real"), ("real", "real"), ("float", "double precision"), ("float(10)", "real"),
    ("varchar(120)", "character varying(120)"), ("character varying ( 20 )", "character varying(20)"),
    ("varchar", "character varying"), ("char(3)", "character(3)"), ("char", "character(1)"),
    ("timestamptz", "timestamp with time zone"), ("timestamp", "timestamp without time zone"),
    ("timestamptz(3)", "timestamp(3) with time zone"), ("timestamp(6)", "timestamp(6) without time zone"),
    ("timestamp (3) with time zone", "timestamp(3) with time zone"),
    ("timetz", "time with time zone"), ("time", "time without time zone"),
    ("decimal(12, 2)", "numeric(12,2)"), ("numeric", "numeric"),
    ("serial", "serial"), ("bigserial", "bigserial"), ("smallserial", "smallserial"), ("serial8", "bigserial"),
    ("int[]", "integer[]"), ("int[][]", "integer[]"), ("text[3]", "text[]"), ("int array", "integer[]"),
    ("varchar(5)[]", "character varying(5)[]"), ("jsonb", "jsonb"), ("uuid", "uuid"),
    ("varbit(8)", "bit varying(8)"), ("bit", "bit(1)"), ("interval", "interval"),
    ("interval day to second", "interval day to second"),
    ('"MyType"', '"MyType"'), ("other.Mood", "other.Mood"), ("citext", "citext"),
])
def test_normalize(given, canonical):
    assert normalize_type(given) == canonical


def test_normalize_is_idempotent():
    for t in ("integer[]", "timestamp(3) with time zone", "character varying(5)", "numeric(12,2)"):
        assert normalize_type(normalize_type(t)) == normalize_type(t)


@pytest.mark.parametrize(("args", "expected"), [
    (("varchar", 120, None, None), "character varying(120)"),
    (("char", 2, None, None), "character(2)"),
    (("numeric", None, 12, 2), "numeric(12,2)"),
    (("decimal", None, 10, None), "numeric(10)"),
    (("timestamptz", None, 3, None), "timestamp(3) with time zone"),
    (("text", None, None, None), "text"),
])
def test_combine_length_precision_scale(args, expected):
    assert combine_type(*args) == expected


def test_integer_and_key_types():
    assert is_integer("int8") and is_integer("smallint") and not is_integer("text") and not is_integer("int[]")
    assert plain_type_of_key("serial") == "integer"
    assert plain_type_of_key("bigserial") == "bigint"
    assert plain_type_of_key("uuid") == "uuid"
