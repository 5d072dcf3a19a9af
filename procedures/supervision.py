"""R-G1 and R-G2: responsibility and supervision. Each agency names a responsible head for this work; the deadlines,
warnings, statistics and audit trail of R-G2 build on the event log."""

from __future__ import annotations

from datetime import UTC, date, datetime

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
