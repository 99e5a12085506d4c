"""The migrations lifecycle: versioned SQL files, a checksum manifest, a history table, a runner.

``files`` reads and writes migration files, ``manifest`` keeps ``schemaforge.sum`` so edits and
merge races show up, ``history`` is the record in the database, ``runner`` applies and rolls back.
"""
