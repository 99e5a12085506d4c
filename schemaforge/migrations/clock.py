"""Time as the runner sees it: how long a migration took, and the backoff between lock retries.

Injected so a test can replace waiting with recording (a fake ``sleep`` that notes the wait
and releases the lock it was waiting on) instead of depending on wall-clock timers.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


SYSTEM_CLOCK = SystemClock()
