"""R-G2: the deadline sweep. A yellow warning N working days before each deadline, a red overdue event after it.

Each watched deadline is one indexed query per level. A warning is raised once per (subject, deadline, level): the
alert row's unique key says it was, and a deadline that moves (an extension, a suspension) is warned of anew. Every
alert and its event commit in the sweep's one transaction, which only one instance at a time runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from events.outbox import record_event
from models import Deadline, DeadlineAlert
from models.enums import AlertLevel
from procedures.calendar import WorkingCalendar
from procedures.clocks import WATCHES, Watch
from procedures.exclusive import exclusive
from procedures.time_limits import time_limit

EVENT_TYPES = {AlertLevel.YELLOW: "deadline.warning", AlertLevel.RED: "deadline.overdue"}


@dataclass(slots=True)
class SweepResult:
    ran: bool  # False when another instance was sweeping
    raised: dict[tuple[str, AlertLevel], int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.raised.values())


async def warning_horizon(now: datetime, *, using_db: BaseDBAsyncClient | None = None) -> datetime:
    """The last moment a deadline may fall at to be warned of now: the end of the Nth working day from today."""
    amount, unit = await time_limit("supervision.warning", using_db=using_db)
    calendar = await WorkingCalendar.load(using_db=using_db)
    return calendar.deadline(now, amount, unit)


async def sweep(*, at: datetime | None = None) -> SweepResult:
    """Raise every warning that is due and not yet raised. Safe to run on every instance: one sweeps at a time."""
    now = (at or datetime.now(UTC)).astimezone(UTC)  # SQLite compares datetimes as text: UTC on both sides
    async with exclusive("deadline-sweep") as connection:
        if connection is None:
            return SweepResult(ran=False)
        horizon = await warning_horizon(now, using_db=connection)
        result = SweepResult(ran=True)
        for watch in WATCHES:
            overdue: dict[str, Any] = {f"{watch.deadline}__lt": now}
            near: dict[str, Any] = {f"{watch.deadline}__gte": now, f"{watch.deadline}__lte": horizon}
            for level, window in ((AlertLevel.RED, Q(**overdue)), (AlertLevel.YELLOW, Q(**near))):
                count = await _raise(connection, watch, level, window, now)
                if count:
                    result.raised[(watch.kind, level)] = count
        return result


async def _raise(connection: BaseDBAsyncClient, watch: Watch, level: AlertLevel, window: Q, now: datetime) -> int:
    columns = list(
        dict.fromkeys(["id", watch.deadline, watch.due_by, *watch.waiting, *([watch.case] if watch.case else [])])
    )
    rows: list[dict[str, Any]] = (
        await watch.model.filter(watch.pending, window).using_db(connection).order_by("id").values(*columns)
    )
    if not rows:
        return 0
    clocks = Deadline.filter(kind=watch.kind, subject_type=watch.subject_type, subject_id__in=[r["id"] for r in rows])
    provisional = {
        c["subject_id"] for c in await clocks.using_db(connection).filter(provisional=True).values("subject_id")
    }
    raised = {
        (subject_id, _instant(deadline))
        for subject_id, deadline in await DeadlineAlert.filter(
            kind=watch.kind, level=level, subject_type=watch.subject_type, subject_id__in=[r["id"] for r in rows]
        )
        .using_db(connection)
        .values_list("subject_id", "deadline")
    }
    count = 0
    for row in rows:
        deadline: datetime = row[watch.deadline]
        if (row["id"], _instant(deadline)) in raised:
            continue
        agency_id = int(row[watch.due_by])
        event = await record_event(
            type=EVENT_TYPES[level], subject_type=watch.subject_type, subject_id=row["id"],
            audience=[agency_id, *(row[w] for w in watch.waiting)], agency_id=agency_id,
            case_id=row[watch.case] if watch.case else None,
            payload={"kind": watch.kind, "level": level.value, "deadline": deadline.astimezone(UTC).isoformat(),
                     "raisedAt": now.astimezone(UTC).isoformat()},
            using_db=connection,
        )  # fmt: skip
        await DeadlineAlert.create(kind=watch.kind, level=level, subject_type=watch.subject_type, subject_id=row["id"],
                                   agency_id=agency_id, deadline=deadline, provisional=row["id"] in provisional,
                                   event_id=event.id, using_db=connection)  # fmt: skip
        count += 1
    return count


def _instant(moment: datetime) -> float:
    """One key for one instant, whatever time zone the database handed it back in."""
    return moment.timestamp()
