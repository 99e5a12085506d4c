"""Connections, servers and targets: everything that talks to a PostgreSQL server but the pipeline's catalog reading."""
