"""The migration linter: hazards (locks, rewrites, data loss) in migration files, by line.

``rules`` is the table of rules, ``check`` runs them over one migration.
"""

from .check import Finding, lint_migration
from .rules import RULES, Rule

__all__ = ["RULES", "Finding", "Rule", "lint_migration"]
