"""Errors meant for people: what is wrong, where, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


class ForgeError(Exception):
    """A user-facing failure: the CLI prints it without a traceback and exits 1."""

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the YAML, located as file:line:col (1-based)."""

    file: str
    line: int
    col: int
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.col}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class ValidationFailed(ForgeError):
    """The schema directory has problems; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) found in the schema")
        self.problems = sorted(problems)
