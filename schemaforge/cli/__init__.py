"""The ``forge`` command line: click wiring over the pipeline, one module per group of commands.

``main`` holds the group and the explicit list of commands; ``context`` what every command
shares; ``schema`` (init, validate, plan, sync), ``migrations`` (generate, apply, rollback,
status, check, rehash), ``lint`` and ``importing`` the commands; ``reporter`` prints what the
migration runner reports. Heavy modules are imported
inside the command bodies, so ``forge --help`` imports little more than click.
"""

from .main import cli, main

__all__ = ["cli", "main"]
