"""Read a live PostgreSQL catalog into the one schema model (:mod:`schemaforge.model`).

Why it looks the way it does:

* **Set-based.** A fixed handful of queries (schemas, then every other query sent together in
  one pipeline) fetch everything for all tables at once and the model is assembled in Python.
  The number of queries never grows with the schema: 1,000 tables (12 columns, 2 indexes, a
  foreign key, a check each) read in ~0.38 s on a 2-core machine, most of it PostgreSQL
  deparsing expressions; ~0.28 s with a second connection taking half the queries.
* **Canonical text.** The queries run in one transaction with ``search_path = pg_catalog``
  (and fixed ``DateStyle``/``IntervalStyle``/``TimeZone``/``extra_float_digits``/
  ``bytea_output``/``quote_all_identifiers``), all ``SET LOCAL`` and rolled back afterwards. ``format_type``,
  ``pg_get_expr``, ``pg_get_constraintdef``, ``pg_get_indexdef`` and ``pg_get_viewdef`` then
  qualify every user object with its schema (``public.post_status``,
  ``nextval('public.users_id_seq'::regclass)``) while built-in types stay bare, and constants
  print the same way whatever the session settings were. So the text is identical whichever
  database or connection produced it, and ``==`` on the model is a sound equality test.
* **Only what the model covers.** Objects that belong to extensions (``pg_depend`` deptype
  ``'e'``) are skipped, as are identity sequences (part of their column). Partitions are
  tables with ``partition_of``/``partition_bound`` and no columns of their own; what they
  inherit from the parent (``conislocal = false`` constraints, indexes attached to a parent
  index, foreign-key clones with ``conparentid <> 0``) is not repeated on them. What the
  model does not cover yet is reported by :func:`unmanaged_objects` so callers can warn; it
  is never dropped.
* **NOT NULL names (PostgreSQL 18).** 18 stores NOT NULL as named constraints and keeps
  the old name through column and table renames. ``Column.not_null_name`` is filled only on
  18+ and only when the name differs from the default ``<table>_<column>_not_null``
  (``naming.default_not_null_name``), so a model need not spell defaults and a no-op plan is
  empty on 15 and 18 alike; ``Database.named_not_nulls`` tells the diff which it is. The
  same rule holds for ``Identity.sequence_name`` (default ``<table>_<column>_seq``,
  ``naming.default_sequence_name``).

Textual forms chosen here (the YAML side must produce the same):

* ``Column.collation`` / ``IndexElement.collation``: a collation in ``pg_catalog`` is its
  name, always double-quoted (``"C"``, ``"POSIX"``, ``"en-x-icu"``); any other collation is
  ``<quote_ident(schema)>."<name>"`` (``public."my coll"``).
* ``IndexElement.opclass``: the bare name for ``pg_catalog`` operator classes
  (``text_pattern_ops``), ``<quote_ident(schema)>.<quote_ident(name)>`` otherwise.
* ``Check.expression``: what ``pg_get_constraintdef`` prints between the outer ``CHECK (``
  and ``)``, with trailing `` NO INHERIT``/`` NOT VALID``/`` NOT ENFORCED`` removed, e.g.
  ``(price > (0)::numeric)`` (PostgreSQL keeps the inner parentheses).
* ``Extension.schema``: always the name of the extension's schema (``public``), never None.
* ``Schema``: every inspected schema that exists (``public`` included). The comment
  PostgreSQL 15+ puts on ``public`` (``standard public schema``) reads as None, so an
  untouched database does not look commented.
* ``SequenceOptions``: a value is None when it equals what PostgreSQL would pick by itself
  given the type and direction: increment 1; min 1 (ascending) / type minimum (descending);
  max type maximum (ascending) / -1 (descending); start = min (ascending) / max
  (descending); cache 1.
* ``View.definition``: ``pg_get_viewdef(oid, true)`` without surrounding whitespace and
  trailing ``;``.
* ``Index``: ``where`` is ``pg_get_expr(indpred)`` (``(deleted_at IS NULL)``); an expression
  key is ``pg_get_indexdef(index, k, true)`` (``lower(name)``, ``(qty + 1)``); ``storage`` is
  ``reloptions`` split at the first ``=`` into sorted ``(key, value)`` string pairs.
* ``Database.extensions``: every extension of the database whatever schemas are inspected
  (extensions are database-wide), except ``plpgsql`` which every database has.
* ``Column.generated_kind``: ``virtual`` for PostgreSQL 18's virtual generated columns
  (``attgenerated = 'v'``), else ``stored``.

Layout: :mod:`.session` (the pinned, rolled-back snapshot), :mod:`.queries` (the catalog
SQL), one assembly module per kind (:mod:`.schemas`, :mod:`.types`, :mod:`.sequences`,
:mod:`.tables` with :mod:`.constraints` and :mod:`.indexes`, :mod:`.views`),
:mod:`.database` (all of it in one snapshot), :mod:`.helper` (a second connection on that
snapshot, taking part of the queries) and :mod:`.unmanaged`.
"""

from __future__ import annotations

from .database import inspect_database
from .unmanaged import unmanaged_objects

__all__ = ["inspect_database", "unmanaged_objects"]
