"""R-G1 and R-G2: responsibility and supervision. Each agency names a responsible head for this work; the deadlines,
warnings, statistics and audit trail of R-G2 build on the event log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import Agency, AgencyHead, User
from permissions.principal import Principal
from procedures.access import require


class SupervisionError(Exception):
    """A step refused; `code` is one of SupervisionErrorCode's names."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


async def appoint_head(
    actor: Principal, *, agency_id: int, user_id: int, on: date | None = None, at: datetime | None = None
) -> AgencyHead:
    """R-G1: name (or replace) the agency's responsible head, an active member of that agency."""
    now = at or datetime.now(UTC)
    agency = await Agency.get_or_none(id=agency_id)
    if agency is None:
        raise SupervisionError("NOT_FOUND", f"no agency has the ID {agency_id}", field="agency")
    await require(actor, "manage", "user", agency.id)
    user = await User.get_or_none(id=user_id)
    if user is None or user.agency_id != agency.id:
        raise SupervisionError("NOT_OF_AGENCY", "the head is a member of the agency", field="user")
    if not user.is_active:
        raise SupervisionError("INACTIVE_USER", f"{user.display_name} is deactivated", field="user")
    async with in_transaction() as connection:
        head, _ = await AgencyHead.update_or_create(
            agency_id=agency.id, defaults={"user_id": user.id, "appointed_on": on or now.date()}, using_db=connection
        )
        await record_event(type="agency.head_appointed", subject_type="agency", subject_id=agency.id,
                           audience=[agency.id], actor_id=actor.user_id, agency_id=actor.agency_id,
                           payload={"user_id": user.id, "name": user.display_name}, using_db=connection)  # fmt: skip
    return head


@dataclass(frozen=True, slots=True)
class AgencyStatistics:
    """R-G2: what an agency did in a period, computed in SQL with GROUP BY (never by loading the rows)."""

    agency_id: int
    transfers_sent: int = 0
    transfers_received: int = 0
    transfers_disputed: int = 0  # received transfers it disputed
    avg_days_to_receipt: float | None = None  # from sending to its receipt, for transfers it received
    avg_days_to_acceptance: float | None = None
    assistance_asked: int = 0  # requests it was asked to answer
    assistance_answered: int = 0
    assistance_answered_on_time: int = 0
    clues_registered: int = 0
    clues_passed_on: int = 0
    clue_feedback_given: int = 0  # results it reported back on clues passed on to it
    deadlines_missed: int = 0  # its deadlines in the period that the sweep found passed (red warnings)
    deadlines_warned: int = 0  # its deadlines in the period warned of in advance (yellow)


def _days(later: str, earlier: str, dialect: str) -> str:
    """Days between two timestamp columns, in the database's own dialect."""
    if dialect == "postgres":
        return f"EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400.0"
    return f"(julianday({later}) - julianday({earlier}))"


_QUERIES = (
    'SELECT sender_id AS agency, COUNT(*) AS transfers_sent FROM "transfer" '
    "WHERE sender_id IN ({ids}) AND decided_at >= {start} AND decided_at < {end} GROUP BY sender_id",
    "SELECT t.receiver_id AS agency, COUNT(*) AS transfers_received, "
    "SUM(CASE WHEN EXISTS (SELECT 1 FROM dispute d WHERE d.transfer_id = t.id) THEN 1 ELSE 0 END) "
    "AS transfers_disputed, AVG({receipt}) AS avg_days_to_receipt, AVG({acceptance}) AS avg_days_to_acceptance "
    'FROM "transfer" t WHERE t.receiver_id IN ({ids}) AND t.sent_at >= {start} AND t.sent_at < {end} '
    "GROUP BY t.receiver_id",
    "SELECT requested_id AS agency, COUNT(*) AS assistance_asked, "
    "SUM(CASE WHEN replied_at IS NOT NULL THEN 1 ELSE 0 END) AS assistance_answered, "
    "SUM(CASE WHEN replied_at IS NOT NULL AND replied_at <= answer_deadline THEN 1 ELSE 0 END) "
    "AS assistance_answered_on_time FROM assistance_request "
    "WHERE requested_id IN ({ids}) AND sent_at >= {start} AND sent_at < {end} GROUP BY requested_id",
    "SELECT agency_id AS agency, COUNT(*) AS clues_registered, "
    "SUM(CASE WHEN forwarded_at IS NOT NULL THEN 1 ELSE 0 END) AS clues_passed_on FROM clue "
    "WHERE agency_id IN ({ids}) AND received_at >= {start} AND received_at < {end} GROUP BY agency_id",
    "SELECT forwarded_to_id AS agency, SUM(CASE WHEN result_at IS NOT NULL THEN 1 ELSE 0 END) "
    "AS clue_feedback_given FROM clue "
    "WHERE forwarded_to_id IN ({ids}) AND forwarded_at >= {start} AND forwarded_at < {end} GROUP BY forwarded_to_id",
    "SELECT agency_id AS agency, SUM(CASE WHEN level = 'red' THEN 1 ELSE 0 END) AS deadlines_missed, "
    "SUM(CASE WHEN level = 'yellow' THEN 1 ELSE 0 END) AS deadlines_warned FROM deadline_alert "
    "WHERE agency_id IN ({ids}) AND deadline >= {start} AND deadline < {end} GROUP BY agency_id",
)


async def statistics(agency_ids: Sequence[int], *, start: datetime, end: datetime) -> list[AgencyStatistics]:
    """R-G2: per agency and period; one GROUP BY statement per group of figures."""
    ids = sorted(set(agency_ids))
    if not ids:
        return []
    connection = connections.get("default")
    dialect = connection.capabilities.dialect
    values: list[object] = [*ids, start.astimezone(UTC), end.astimezone(UTC)]
    marks = [f"${n}" for n in range(1, len(values) + 1)] if dialect == "postgres" else ["?"] * len(values)
    parts = {
        "ids": ", ".join(marks[: len(ids)]),
        "start": marks[-2],
        "end": marks[-1],
        "receipt": _days("t.received_at", "t.sent_at", dialect),
        "acceptance": _days("t.accepted_at", "t.sent_at", dialect),
    }
    figures: dict[int, dict[str, Any]] = {agency_id: {} for agency_id in ids}
    for sql in _QUERIES:
        for row in await connection.execute_query_dict(sql.format(**parts), values):
            figures[int(row.pop("agency"))].update({k: v for k, v in row.items() if v is not None})
    return [_statistics(agency_id, found) for agency_id, found in figures.items()]


def _statistics(agency_id: int, found: dict[str, Any]) -> AgencyStatistics:
    numbers: dict[str, Any] = {k: float(v) if k.startswith("avg_") else int(v) for k, v in found.items()}
    return AgencyStatistics(agency_id=agency_id, **numbers)
