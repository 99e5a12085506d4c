"""The migrations lifecycle: versioned SQL files, a checksum manifest, a history table, a runner.

``files`` reads and writes migration files, ``manifest`` keeps ``schemaforge.sum`` so edits and
merge races show up, ``history`` is the record in the database, ``runner`` applies and rolls back.
``generate`` writes a new migration from a plan, ``replay`` builds the schema a directory of
migrations produces on a scratch database, ``status`` says where each migration stands (and
guards against diffing a database that lacks some), ``drift`` how the database differs from
what its applied migrations produce. ``baseline`` writes the migration that stands for a whole
schema (``forge baseline``, ``forge squash``) and ``folding`` holds the runner's guards around it.
The runner's helpers: ``locking`` (the deploy lock, lock_timeout retries), ``recovery`` (what a
killed concurrent index build leaves), ``messages`` (how a stopped or failed migration is
described), ``events`` (what the runner reports instead of printing) and ``clock`` (time,
injectable for tests).
"""
