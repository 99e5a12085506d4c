"""Pre-flight data checks: before a risky statement meets the data, count what would break it.

``statements`` reads the checks off the up SQL, ``queries`` writes each check's read-only
count and sample query, ``run`` runs them (read-only, with a timeout) and measures the tables
that statements scan or rewrite under lock, ``findings`` holds the results as data.
"""

from .findings import Finding, Preflight, TableSize
from .gate import gate
from .run import DEFAULT_TIMEOUT_MS, for_plan, run

__all__ = ["DEFAULT_TIMEOUT_MS", "Finding", "Preflight", "TableSize", "for_plan", "gate", "run"]
