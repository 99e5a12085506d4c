"""What a migration that stopped part-way, or failed, says to the person running it.

The wording names how far the migration got in its steps and statements, what the failure
left in the database and the history, and the command that goes on from there.
"""

from __future__ import annotations

from collections.abc import Sequence

import psycopg

from ..errors import ForgeError
from . import history
from .files import Step


def pg_message(exc: psycopg.Error) -> str:
    diag = exc.diag
    msg = diag.message_primary or str(exc).strip()
    if diag.message_detail:
        msg += f" ({diag.message_detail})"
    return msg


def describe_progress(p: history.Progress) -> str:
    """``partially applied: step 1 of 2 done`` and the like."""
    what = "partially applied" if p.direction == "up" else "partially rolled back"
    of = " of its down section" if p.direction == "down" else ""
    text = f"{what}: step {p.steps_done} of {p.total_steps}{of} done" if p.steps_done else f"{what}: no step{of} done"
    if p.statements_done:
        text += f", step {p.steps_done + 1} stopped after {p.statements_done} statement(s)"
    return text


def resume_hint(p: history.Progress) -> str:
    if p.direction == "down":
        return "resume it with `forge rollback`"
    if p.kind == "plan":
        return f"resume it with `forge apply {p.name}`, or undo the applied steps with `forge rollback`"
    return "resume it with `forge apply`, or undo the applied steps with `forge rollback`"


def step_failure(unit_what: str, label: str, direction: str, steps: Sequence[Step], before: history.Progress | None,
                 i: int, j: int, exc: psycopg.Error, start: tuple[int, int]) -> ForgeError:
    """What went wrong in statement ``j`` of step ``i``, what it left, and how to go on.

    ``start`` is where this run began (steps, statements done), ``before`` the progress row
    the unit had then (None when it was not part-way).
    """
    n, step = len(steps), steps[i]
    stmt, line = step.statements[j], step.line(j)
    where = f" (step {i + 1} of {n}{'' if step.transaction else ', no transaction'})" if n > 1 else ""
    at = f" at line {line}" if line else ""
    message = pg_message(exc)
    now = (i, 0 if step.transaction else j)  # where the unit is now, in this direction
    fate = (f"step {i + 1} was rolled back" if step.transaction
            else f"step {i + 1} stopped at its statement {j + 1}")
    ran = ["step 1" if i == 1 else f"steps 1-{i}"] if i else []
    if now[1]:
        ran.append(f"the first {now[1]} statement(s) of step {i + 1}")
    ran_text = f"{' and '.join(ran)} {'is' if ran == ['step 1'] else 'are'} done"
    if direction == "up":
        if now == (0, 0):  # the unit's very beginning
            state = "it was rolled back and nothing was recorded" if step.transaction else \
                "nothing was applied or recorded"
            return ForgeError(
                f"{unit_what} failed{at}{where}: {message}\n  {state}",
                hint=f"failing statement:\n{stmt}\nfix the cause (the data, or the migration, then `forge rehash`) "
                     "and run `forge apply` again")
        return ForgeError(
            f"{unit_what} failed{at}{where}: {message}\n  {fate}; {ran_text}: "
            "the migration is partially applied (not in the history yet)",
            hint=f"failing statement:\n{stmt}\nfix the cause (the data, or this step and later ones of the "
                 f"migration, then `forge rehash`) and run `forge apply`: it resumes at step {i + 1}; "
                 "or undo the applied steps with `forge rollback`")
    if now == start:  # this run changed nothing
        state = "it was not rolled back" if before is None else \
            f"nothing more was undone: it is still {describe_progress(before)}"
        return ForgeError(f"rollback of {label} failed{where}: {message}; {state}",
                          hint=f"failing statement:\n{stmt}")
    in_history = before is None or before.direction == "down"
    return ForgeError(
        f"rollback of {label} failed{where}: {message}\n  {fate}; of its down section, "
        f"{ran_text}: it is partially rolled back" + (" (still in the history)" if in_history else ""),
        hint=f"failing statement:\n{stmt}\nfix the cause and run `forge rollback`: it resumes at step {i + 1}")
