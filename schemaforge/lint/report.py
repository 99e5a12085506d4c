"""Findings as people and tools read them: text lines, a JSON list, GitHub annotations."""

from __future__ import annotations

import json
import os

from ..annotations import annotation
from .check import Finding


def relpath(f: Finding) -> str:
    return os.path.relpath(f.path)


def text_line(f: Finding) -> str:
    """``file:line: level CODE name: message`` (one line; the fix is in json and github output)."""
    return f"{relpath(f)}:{f.line}: {f.level} {f.code} {f.name}: {f.message}"


def to_json(findings: list[Finding]) -> str:
    return json.dumps([{"file": relpath(f), "line": f.line, "code": f.code, "level": f.level,
                        "message": f.message, "fix": f.fix} for f in findings], indent=2)


def github_line(f: Finding) -> str:
    """``::error file=…,line=…,title=CODE::message. Fix: …`` for a GitHub Actions annotation."""
    return annotation(f.level, f"{f.message}. Fix: {f.fix}", file=relpath(f), line=f.line, title=f.code)
