"""The migrations lifecycle: versioned SQL files, a checksum manifest, a history table, a runner.

``files`` reads and writes migration files, ``manifest`` keeps ``schemaforge.sum`` so edits and
merge races show up, ``history`` is the record in the database, ``runner`` applies and rolls back.
The runner's helpers: ``locking`` (the deploy lock, lock_timeout retries), ``recovery`` (what a
killed concurrent index build leaves), ``messages`` (how a stopped or failed migration is
described), ``events`` (what the runner reports instead of printing) and ``clock`` (time,
injectable for tests).
"""
