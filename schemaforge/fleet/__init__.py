"""Fleets: the same migrations applied to many targets (databases, or schema tenants of one
database), each with its own history, by a bounded pool with a canary group first.

``file`` reads and checks a fleet file, ``targets`` expands it into targets, ``tenant`` makes a
schema tenant's configuration and SQL, ``work`` is what one command does to one target, and
``run`` schedules the targets. Nothing here prints: the CLI shows the results.
"""
