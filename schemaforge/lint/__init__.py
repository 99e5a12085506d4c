"""The migration linter: catalogue hazards (locks, rewrites, data loss) in SQL files, by line.

``source`` reads a file into statements, ``rules`` is the table of single-statement rules,
``check`` runs them (and the rules that need several statements) over one file and applies
``-- forge:lint-ignore``, ``report`` prints findings as text, JSON or GitHub annotations. The
codes are those of :mod:`schemaforge.hazards`, which plans' hazards carry too.
"""

from .check import Finding, lint_migration, lint_source
from .rules import RULES, Rule
from .source import from_migration, from_path

__all__ = ["RULES", "Finding", "Rule", "from_migration", "from_path", "lint_migration", "lint_source"]
