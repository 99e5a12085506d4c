"""SQL for a partition's bounds moved: detach, attach with the new bounds."""

from __future__ import annotations

from .. import changes as ch
from .locks import tagged
from .registry import renders
from .sql import qq


@renders(ch.DetachPartition)
def _detach(c: ch.DetachPartition) -> list[str]:
    return [tagged("alter_partition", f"ALTER TABLE {qq(c.parent)} DETACH PARTITION {qq(c.table)}")]


@renders(ch.AttachPartition)
def _attach(c: ch.AttachPartition) -> list[str]:
    return [tagged("attach_partition", f"ALTER TABLE {qq(c.parent)} ATTACH PARTITION {qq(c.table)} {c.bound}")]
