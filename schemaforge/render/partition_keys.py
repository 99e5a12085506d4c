"""SQL for a partition's NOT NULL renames: detach, rename, attach."""

from __future__ import annotations

from .. import changes as ch
from .locks import tagged
from .registry import renders
from .sql import q, qq


@renders(ch.RenamePartitionNotNulls)
def _rename_partition_not_nulls(c: ch.RenamePartitionNotNulls) -> list[str]:
    out = [tagged("detach_partition", f"ALTER TABLE {qq(c.parent)} DETACH PARTITION {qq(c.table)}")]
    out += [f"ALTER TABLE {qq(c.table)} RENAME CONSTRAINT {q(old)} TO {q(new)}" for _, old, new in c.renames]
    out.append(tagged("attach_partition", f"ALTER TABLE {qq(c.parent)} ATTACH PARTITION {qq(c.table)} {c.bound}"))
    return out
