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
from tortoise.models import Model

from events.outbox import record_event
from models import AssistanceRequest, Case, Clue, DeadlineAlert, Dispute, Notice, Transfer
from models.enums import (
    AlertLevel,
    AssistanceStatus,
    CaseStatus,
    ClueStatus,
    DisputeStatus,
    LimitUnit,
    NoticeStatus,
    TransferStatus,
)
from procedures.calendar import WorkingCalendar, time_limit
from procedures.exclusive import exclusive

EVENT_TYPES = {AlertLevel.YELLOW: "deadline.warning", AlertLevel.RED: "deadline.overdue"}


@dataclass(frozen=True, slots=True)
class Watch:
    """A deadline column, the rows whose act is still due, the agency that owes it and the agencies waiting."""

    kind: str  # the time limit's key
    model: type[Model]
    subject_type: str
    deadline: str
    pending: Q
    due_by: str
    waiting: tuple[str, ...] = ()
    case: str | None = "case_id"


WATCHES: tuple[Watch, ...] = (
    Watch("transfer.send", Transfer, "transfer", "send_deadline", Q(status=TransferStatus.DRAFT), "sender_id"),
    Watch(
        "transfer.receipt",
        Transfer,
        "transfer",
        "receipt_deadline",
        Q(status=TransferStatus.SENT),
        "receiver_id",
        ("sender_id",),
    ),
    Watch(
        "transfer.accept",
        Transfer,
        "transfer",
        "accept_deadline",
        Q(status=TransferStatus.RECEIVED),
        "receiver_id",
        ("sender_id",),
    ),
    Watch(
        "dispute.negotiation",
        Dispute,
        "dispute",
        "negotiation_deadline",
        Q(status=DisputeStatus.NEGOTIATING),
        "transfer__sender_id",
        ("transfer__receiver_id",),
        case="transfer__case_id",
    ),
    Watch("case.filing", Case, "case", "filing_deadline", Q(status=CaseStatus.OPEN), "agency_id", case="id"),
    Watch("case.decision", Case, "case", "decision_deadline", Q(status=CaseStatus.FILED), "agency_id", case="id"),
    Watch(
        "notice.response",
        Notice,
        "notice",
        "response_deadline",
        Q(status__in=[NoticeStatus.SENT, NoticeStatus.ACKNOWLEDGED]),
        "receiver_id",
        ("sender_id",),
    ),
    Watch("clue.accept", Clue, "clue", "accept_deadline", Q(status=ClueStatus.REGISTERED), "agency_id"),
    Watch("clue.inform", Clue, "clue", "inform_deadline", Q(complainant_told_at__isnull=True), "agency_id"),
    Watch(
        "assistance.answer",
        AssistanceRequest,
        "assistance",
        "answer_deadline",
        Q(status=AssistanceStatus.SENT),
        "requested_id",
        ("requester_id",),
    ),
)


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
    return calendar.deadline(now, amount, LimitUnit(unit))


async def sweep(*, at: datetime | None = None) -> SweepResult:
    """Raise every warning that is due and not yet raised. Safe to run on every instance: one sweeps at a time."""
    now = at or datetime.now(UTC)
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
                                   agency_id=agency_id, deadline=deadline, event_id=event.id,
                                   using_db=connection)  # fmt: skip
        count += 1
    return count


def _instant(moment: datetime) -> float:
    """One key for one instant, whatever time zone the database handed it back in."""
    return moment.timestamp()
