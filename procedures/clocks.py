"""The clocks the procedures start (R-A4, R-G2): every deadline is kept with what it was computed from, so that it can
be computed again when the calendar changes (a notice imported, the package upgraded, a local exception).

A procedure asks `due()` for a deadline, writes it into its subject's column with the rest of its change, and
`keep()`s the clock in the same transaction. `recompute()` counts every open clock that was provisional or that
looked at a changed day again; each one that moves gets its column rewritten and a `deadline.recomputed` event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import groupby
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q, Subquery
from tortoise.models import Model

from events.outbox import record_event
from models import AssistanceRequest, Case, Clue, Deadline, Dispute, Notice, Transfer
from models.enums import (
    AssistanceStatus,
    CaseStatus,
    ClueStatus,
    DisputeStatus,
    LimitUnit,
    NoticeStatus,
    TransferStatus,
)
from procedures.calendar import Reckoning, WorkingCalendar
from procedures.time_limits import time_limit


@dataclass(frozen=True, slots=True)
class Watch:
    """A deadline column, the rows whose act is still due, the agency that owes it and the agencies waiting."""

    kind: str  # the clock; also the key of the time limit it counts, unless `limits` names others
    model: type[Model]
    subject_type: str
    deadline: str
    pending: Q
    due_by: str
    waiting: tuple[str, ...] = ()
    case: str | None = "case_id"
    limits: tuple[str, ...] = ()  # the time limits that may set this clock (an urgent transfer counts hours)


WATCHES: tuple[Watch, ...] = (
    Watch(
        "transfer.send",
        Transfer,
        "transfer",
        "send_deadline",
        Q(status=TransferStatus.DRAFT),
        "sender_id",
        limits=("transfer.send", "transfer.send_urgent"),
    ),
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
WATCH_OF_KIND = {w.kind: w for w in WATCHES}
_WATCH_OF_LIMIT = {limit: w for w in WATCHES for limit in (w.limits or (w.kind,))}
# While a case is suspended its decision clock stands still, and is still open.
_STILL_OPEN = {"case.decision": Q(status__in=[CaseStatus.FILED, CaseStatus.SUSPENDED])}


@dataclass(frozen=True, slots=True)
class Due:
    """A deadline and the clock it comes from."""

    kind: str
    limit_key: str
    started_at: datetime
    amount: int
    unit: LimitUnit
    added: int  # in `unit`, on top of `amount`
    reckoning: Reckoning

    @property
    def at(self) -> datetime:
        return self.reckoning.at

    @property
    def provisional(self) -> bool:
        return self.reckoning.provisional


async def due(
    limit_key: str, start: datetime, *, amount: int | None = None, using_db: BaseDBAsyncClient | None = None
) -> Due:
    """The deadline of a clock that starts at `start` under the time limit `limit_key` (or `amount` of its unit:
    a matter's own decision period)."""
    configured, unit = await time_limit(limit_key, using_db=using_db)
    amount = configured if amount is None else amount
    calendar = await WorkingCalendar.load(using_db=using_db)
    kind = _WATCH_OF_LIMIT[limit_key].kind
    return Due(kind, limit_key, start, amount, unit, 0, calendar.reckon(start, amount, unit))


async def lengthened(
    kind: str, subject_id: int, by: int, *, current: datetime | None, using_db: BaseDBAsyncClient
) -> Due | None:
    """The clock of `subject_id` with `by` more of its unit (an extension; the days a suspension stood still),
    counted again from its start. A clock started before clocks were kept goes on from its `current` deadline."""
    calendar = await WorkingCalendar.load(using_db=using_db)
    clock = await Deadline.get_or_none(
        subject_type=WATCH_OF_KIND[kind].subject_type, subject_id=subject_id, kind=kind, using_db=using_db
    )
    if clock is None:
        if current is None:
            return None
        unit = LimitUnit.CALENDAR_DAYS
        return Due(kind, kind, current, by, unit, 0, calendar.reckon(current, by, unit))
    unit, added = LimitUnit(clock.unit), clock.added + by
    reckoning = calendar.reckon(clock.started_at, clock.amount + added, unit)
    return Due(kind, clock.limit_key, clock.started_at, clock.amount, unit, added, reckoning)


async def keep(due: Due, subject_id: int, *, using_db: BaseDBAsyncClient | None = None) -> None:
    """Store the clock of `subject_id`, in the transaction that wrote its deadline."""
    watch = WATCH_OF_KIND[due.kind]
    owing = await watch.model.filter(id=subject_id).using_db(using_db).values(watch.due_by)
    window = due.reckoning.window
    await Deadline.update_or_create(
        defaults={
            "limit_key": due.limit_key,
            "agency_id": int(owing[0][watch.due_by]),
            "started_at": due.started_at,
            "amount": due.amount,
            "unit": due.unit,
            "added": due.added,
            "due_at": due.at,
            "provisional": due.provisional,
            "provisional_from": due.reckoning.provisional_from,
            "window_from": window[0] if window else None,
            "window_to": window[1] if window else None,
        },
        subject_type=watch.subject_type,
        subject_id=subject_id,
        kind=watch.kind,
        using_db=using_db,
    )


async def recompute(
    connection: BaseDBAsyncClient,
    *,
    years: Iterable[int] = (),
    days: Iterable[date] = (),
    reason: str,
    actor_id: int | None = None,
) -> int:
    """Count again every open clock that was provisional or looked at a day of `years` or `days`, with the calendar
    as the caller's transaction sees it; return how many moved (or stopped being provisional)."""
    calendar = await WorkingCalendar.load(using_db=connection)
    touched = Q(provisional=True)
    for first, last in [(date(y, 1, 1), date(y, 12, 31)) for y in years] + [(d, d) for d in days]:
        touched |= Q(window_from__lte=last, window_to__gte=first)
    clocks = await Deadline.filter(touched).using_db(connection).order_by("kind", "id")
    moved = 0
    for kind, group in groupby(clocks, key=lambda c: c.kind):
        watch = WATCH_OF_KIND.get(kind)
        if watch is None:
            continue
        batch = list(group)
        for start in range(0, len(batch), 500):
            moved += await _recompute_batch(connection, calendar, watch, batch[start : start + 500], reason, actor_id)
    return moved


async def _recompute_batch(
    connection: BaseDBAsyncClient,
    calendar: WorkingCalendar,
    watch: Watch,
    clocks: list[Deadline],
    reason: str,
    actor_id: int | None,
) -> int:
    columns = list(dict.fromkeys(["id", watch.due_by, *watch.waiting, *([watch.case] if watch.case else [])]))
    pending = _STILL_OPEN.get(watch.kind, watch.pending)
    rows: list[dict[str, Any]] = await (
        watch.model.filter(pending, id__in=[c.subject_id for c in clocks]).using_db(connection).values(*columns)
    )
    open_rows = {int(r["id"]): r for r in rows}
    moved = 0
    for clock in clocks:
        row = open_rows.get(clock.subject_id)
        if row is None:  # the act is done: its deadline is history, and stays as it was
            continue
        new = calendar.reckon(clock.started_at, clock.amount + clock.added, LimitUnit(clock.unit))
        window = new.window or (None, None)
        before, was_provisional = clock.due_at, clock.provisional
        if (new.at, new.provisional_from, window) == (
            before,
            clock.provisional_from,
            (clock.window_from, clock.window_to),
        ):
            continue
        clock.window_from, clock.window_to = window
        clock.due_at, clock.provisional, clock.provisional_from = new.at, new.provisional, new.provisional_from
        await clock.save(using_db=connection)
        if new.at == before and new.provisional == was_provisional:
            continue
        await watch.model.filter(id=clock.subject_id).using_db(connection).update(**{watch.deadline: new.at})
        owing = int(row[watch.due_by])
        await record_event(
            type="deadline.recomputed",
            subject_type=watch.subject_type,
            subject_id=clock.subject_id,
            audience=[owing, *(row[w] for w in watch.waiting)],
            actor_id=actor_id,
            agency_id=owing,
            case_id=row[watch.case] if watch.case else None,
            payload={
                "kind": watch.kind,
                "limit": clock.limit_key,
                "reason": reason,
                "old": before.astimezone(UTC).isoformat(),
                "new": new.at.astimezone(UTC).isoformat(),
                "provisionalBefore": was_provisional,
                "provisional": new.provisional,
            },
            using_db=connection,
        )
        moved += 1
    return moved


async def count_open_provisional(agency_ids: list[int] | None = None) -> int:
    """How many deadlines still running are provisional (of these agencies' acts; None: every agency)."""
    total = 0
    for watch in WATCHES:
        pending = watch.model.filter(_STILL_OPEN.get(watch.kind, watch.pending)).values("id")
        query = Deadline.filter(kind=watch.kind, provisional=True, subject_id__in=Subquery(pending))
        if agency_ids is not None:
            query = query.filter(agency_id__in=agency_ids)
        total += await query.count()
    return total
