"""The fleet scheduler: the canary group first, then each wave, at most ``parallel`` targets at
a time.

A failure stops the fleet: targets already running finish, nothing new starts (with
``keep_going`` the other targets of every wave still run). A failure in the canary group stops
the fleet after that group even with ``keep_going``: that is what a canary is for. Every target
keeps its own history, so running the same fleet again resumes each target where it stopped.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from .targets import Target
from .work import Note, Outcome

Work = Callable[[Target, Note], Outcome]
Changed = Callable[[Target, str, str], None]  # target, state (running, a result's state, skipped), detail


@dataclass(frozen=True)
class Result:
    target: Target
    outcome: Outcome | None  # None: never started (the fleet stopped before it)
    seconds: float = 0.0

    @property
    def state(self) -> str:
        return self.outcome.state if self.outcome is not None else "skipped"

    def to_json(self) -> dict[str, Any]:
        """No timings: the same run gives the same document."""
        t = self.target
        out: dict[str, Any] = {"target": t.name, "group": t.group, "schema": t.schema}
        out.update(self.outcome.to_json() if self.outcome is not None else
                   {"state": "skipped", "migrations": [], "detail": []})
        return out


def _timed(work: Work, target: Target, note: Note) -> tuple[Outcome, float]:
    started = time.monotonic()
    outcome = work(target, note)
    return outcome, time.monotonic() - started


def run(targets: list[Target], work: Work, *, parallel: int, keep_going: bool,
        changed: Changed = lambda t, s, d: None) -> list[Result]:
    """Run ``work`` on every target; results in ``targets``' order, skipped ones included."""
    if parallel < 1:
        raise ValueError("parallel must be at least 1")
    waves: dict[int, list[Target]] = {}
    for t in targets:
        waves.setdefault(t.wave, []).append(t)
    results: dict[str, Result] = {}
    stop = False
    with ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="fleet") as pool:
        for wave in sorted(waves):
            if stop:
                break
            stop = _wave(pool, waves[wave], work, parallel, keep_going, changed, results)
            if wave == 0 and any(results[t.name].outcome is not None and results[t.name].outcome.failed
                                 for t in waves[wave]):
                stop = True
    out = []
    for t in targets:
        if t.name not in results:
            changed(t, "skipped", "")
            results[t.name] = Result(t, None)
        out.append(results[t.name])
    return out


def _wave(pool: ThreadPoolExecutor, wave: list[Target], work: Work, parallel: int, keep_going: bool,
          changed: Changed, results: dict[str, Result]) -> bool:
    """Run one wave; True when a failure stops the fleet."""
    queue, running = deque(wave), dict[Future, Target]()
    stop = False
    while queue or running:
        while queue and len(running) < parallel and not stop:
            t = queue.popleft()
            changed(t, "running", "")
            running[pool.submit(_timed, work, t, lambda d, t=t: changed(t, "running", d))] = t
        if not running:
            break
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for f in sorted(done, key=lambda f: running[f].name):
            t = running.pop(f)
            outcome, seconds = f.result()
            results[t.name] = Result(t, outcome, seconds)
            changed(t, outcome.state, ", ".join(outcome.migrations) or (outcome.detail[0] if outcome.detail else ""))
            if outcome.failed and not keep_going:
                stop = True
    return stop
