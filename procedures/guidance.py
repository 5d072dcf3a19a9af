"""R-F1: departments guide townships with guidance documents, typical cases, seminars and trainings; each addressed
agency confirms it read them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import Agency, GuidanceAudience, GuidanceDocument, GuidanceRead
from models.enums import GuidanceKind
from permissions.principal import Principal
from procedures.access import refuse_on, require, require_on


class GuidanceError(Exception):
    """A step refused; `code` is one of GuidanceErrorCode's names."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


async def publish(
    actor: Principal, *, kind: GuidanceKind, title: str, body: str, audience_ids: Sequence[int],
    event_at: datetime | None = None, at: datetime | None = None,
) -> GuidanceDocument:  # fmt: skip
    now = at or datetime.now(UTC)
    await require(actor, "publish", "guidance", actor.agency_id)
    if not title.strip():
        raise GuidanceError("REASON_REQUIRED", "a guidance document needs a title", field="title")
    audience = sorted(set(audience_ids) - {actor.agency_id})
    if not audience:
        raise GuidanceError("NO_AUDIENCE", "address it to at least one other agency", field="audience")
    if await Agency.filter(id__in=audience).count() != len(audience):
        raise GuidanceError("NOT_FOUND", "an addressed agency does not exist", field="audience")
    async with in_transaction() as connection:
        document = await GuidanceDocument.create(title=title, kind=kind, issuer_id=actor.agency_id, body=body,
                                                 event_at=event_at, published_at=now, using_db=connection)  # fmt: skip
        for agency_id in audience:
            await GuidanceAudience.create(document=document, agency_id=agency_id, using_db=connection)
        await record_event(type="guidance.published", subject_type="guidance", subject_id=document.id,
                           audience=[actor.agency_id, *audience], actor_id=actor.user_id, agency_id=actor.agency_id,
                           payload={"title": title, "kind": kind.value}, using_db=connection)  # fmt: skip
    return document


async def confirm_read(actor: Principal, document_id: int, *, at: datetime | None = None) -> GuidanceRead:
    """An addressed agency confirms it read the document (once)."""
    now = at or datetime.now(UTC)
    document = await GuidanceDocument.get_or_none(id=document_id)
    missing = GuidanceError("NOT_FOUND", f"no guidance document has the ID {document_id}", field="document")
    if document is None:
        raise missing
    await require_on(actor, "confirm_read", "guidance", actor.agency_id, record=document, resource="guidance",
                     missing=missing)  # fmt: skip
    if not await GuidanceAudience.exists(document_id=document.id, agency_id=actor.agency_id):
        raise await refuse_on(actor, "confirm_read", "guidance", actor.agency_id, record=document,
                              resource="guidance", missing=missing)  # fmt: skip  # not addressed to this agency
    if await GuidanceRead.exists(document_id=document.id, agency_id=actor.agency_id):
        raise GuidanceError("ALREADY_CONFIRMED", "the agency already confirmed it read this", field="document")
    async with in_transaction() as connection:
        read = await GuidanceRead.create(document=document, agency_id=actor.agency_id, read_by_id=actor.user_id,
                                         using_db=connection)  # fmt: skip
        await record_event(type="guidance.read", subject_type="guidance", subject_id=document.id,
                           audience=[document.issuer_id, actor.agency_id], actor_id=actor.user_id,
                           agency_id=actor.agency_id, payload={"at": now.isoformat()}, using_db=connection)  # fmt: skip
    return read
