"""Local canonicalization: the catalog form of what can be proven equal to PostgreSQL's answer.

:mod:`schemaforge.normalize` materializes the desired model on the server to learn how the
catalog spells it. For a small exact grammar (common built-in types, literal and clock
defaults, simple checks, plain btree indexes, schemas) the answer is computed here instead;
everything else returns None and goes to the server as before. ``tests/test_canonical.py``
holds the proof: thousands of generated tables, each compared with the server's answer.
"""

from .context import canonical_context
from .tables import canonical_table, prove_tables

__all__ = ["canonical_context", "canonical_table", "prove_tables"]
