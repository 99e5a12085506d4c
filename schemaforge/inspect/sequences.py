"""Sequences from their catalog rows: standalone and serial-owned ones become sequences of
the model, identity sequences the options of their column."""

from __future__ import annotations

from ..model import Sequence, SequenceOptions
from ..naming import default_sequence_name

_TYPE_RANGE = {
    "smallint": (-(2**15), 2**15 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}

# Identity options keyed by (table oid, attnum): options, and the sequence's name when it
# is not the default one.
IdentityOptions = dict[tuple[int, int], tuple[SequenceOptions, str | None]]


def sequence_options(
    typ: str, start: int, inc: int, lo: int, hi: int, cache: int, cycle: bool
) -> SequenceOptions:
    """Options with PostgreSQL's own defaults (for this type and direction) as None."""
    tmin, tmax = _TYPE_RANGE.get(typ, _TYPE_RANGE["bigint"])
    ascending = inc > 0
    dmin, dmax = (1, tmax) if ascending else (tmin, -1)
    return SequenceOptions(
        start=None if start == (lo if ascending else hi) else start,
        increment=None if inc == 1 else inc,
        min_value=None if lo == dmin else lo,
        max_value=None if hi == dmax else hi,
        cache=None if cache == 1 else cache,
        cycle=bool(cycle),
    )



def sequences_of(
    rows: list[tuple],
) -> tuple[list[Sequence], IdentityOptions]:
    """Standalone and serial-owned sequences, plus identity options keyed by (table oid, attnum).

    One query reads every sequence; the ones an identity column owns (deptype 'i') become
    that column's :class:`Identity` options instead of sequences of their own.
    """
    sequences: list[Sequence] = []
    identity: IdentityOptions = {}
    for (schema, name, typ, start, inc, lo, hi, cache, cycle, comment,
         deptype, ref_oid, ref_att, tschema, tname, tcol) in rows:
        options = sequence_options(typ, start, inc, lo, hi, cache, cycle)
        if deptype == "i":
            seqname = None if name == default_sequence_name(tname, tcol) else name
            identity[(ref_oid, ref_att)] = (options, seqname)
            continue
        owned = (tschema, tname, tcol) if deptype == "a" else None
        sequences.append(Sequence(schema, name, typ, options, owned, comment))
    return sequences, identity

