"""R-E1 to R-E3: information sharing through catalogs. Providers keep their entries up to date (R-E1) in the eight
categories of R-E2; publishing a resource notifies and copies its consumers at once (R-E3): every agency for an
unconditional entry, the approved ones for a conditional entry, nobody for one not shared."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import Agency, CatalogEntry, SharedResource, SharingAccessRequest, SharingCatalog
from models.enums import AccessRequestStatus, SharingCategory, SharingMethod, SharingType, UpdateCycle
from permissions.principal import Principal
from procedures.access import require, require_on

# Class (1 digit), item (2), entry (3), then an optional sub-entry: 政务信息资源目录编码.
_CLASSIFICATION = re.compile(r"^\d{6}(\d{1,3})?$")


class SharingError(Exception):
    """A step refused; `code` is one of SharingErrorCode's names."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


@dataclass(frozen=True, slots=True)
class EntryInput:
    catalog_id: int
    classification_code: str
    name: str
    code: str
    category: SharingCategory
    sharing_type: SharingType
    method: SharingMethod
    update_cycle: UpdateCycle
    summary: str = ""
    legal_basis: str = ""
    conditions: str = ""
    data_format: str = ""
    data_items: list[dict[str, str]] = field(default_factory=list)
    publish_date: date | None = None


async def create_entry(
    actor: Principal, data: EntryInput, *, at: datetime | None = None, provider_id: int | None = None
) -> CatalogEntry:
    """R-E1: the provider (the acting agency, or `provider_id` for an administrator acting for it) adds an entry."""
    now = at or datetime.now(UTC)
    provider_id = provider_id or actor.agency_id
    await require(actor, "manage_catalog", "sharing", provider_id)
    if not await SharingCatalog.exists(id=data.catalog_id):
        raise SharingError("NOT_FOUND", f"no catalog has the ID {data.catalog_id}", field="catalog")
    if not _CLASSIFICATION.match(data.classification_code):
        raise SharingError("INVALID_CODE", "a classification code is class, item and entry digits (6), then an "
                           "optional sub-entry", field="classificationCode")  # fmt: skip
    if data.sharing_type is not SharingType.UNCONDITIONAL and not data.legal_basis.strip():
        raise SharingError("LEGAL_BASIS_REQUIRED", "conditional and not-shared entries state their legal basis",
                           field="legalBasis")  # fmt: skip
    if not data.name.strip():
        raise SharingError("REASON_REQUIRED", "an entry needs a name", field="name")
    if await CatalogEntry.exists(code=data.code):
        raise SharingError("DUPLICATE_CODE", f"the entry code {data.code!r} is taken", field="code")
    async with in_transaction() as connection:
        entry = await CatalogEntry.create(
            catalog_id=data.catalog_id, classification_code=data.classification_code, name=data.name, code=data.code,
            provider_id=provider_id, category=data.category, summary=data.summary, data_format=data.data_format,
            data_items=data.data_items, sharing_type=data.sharing_type, legal_basis=data.legal_basis,
            conditions=data.conditions, method=data.method, update_cycle=data.update_cycle,
            publish_date=data.publish_date or now.date(), using_db=connection,
        )  # fmt: skip
        await record_event(type="sharing.entry_created", subject_type="catalog_entry", subject_id=entry.id,
                           audience=[provider_id], actor_id=actor.user_id, agency_id=actor.agency_id,
                           payload={"code": entry.code, "category": entry.category.value},
                           using_db=connection)  # fmt: skip
    return entry


async def _consumers(entry: CatalogEntry) -> list[int]:
    if entry.sharing_type is SharingType.UNCONDITIONAL:
        return [int(i) for i in await Agency.all().values_list("id", flat=True)]  # type: ignore[call-overload]
    if entry.sharing_type is SharingType.CONDITIONAL:
        approved = SharingAccessRequest.filter(entry_id=entry.id, status=AccessRequestStatus.APPROVED)
        return [int(i) for i in await approved.values_list("consumer_id", flat=True)]  # type: ignore[call-overload]
    return []


async def publish(
    actor: Principal, entry_id: int, *, title: str, body: str = "", url: str = "", at: datetime | None = None
) -> SharedResource:
    """R-E3: publish under an entry; its consumers are notified and copied in the same event."""
    now = at or datetime.now(UTC)
    entry = await CatalogEntry.get_or_none(id=entry_id)
    if entry is None:
        raise SharingError("NOT_FOUND", f"no catalog entry has the ID {entry_id}", field="entry")
    await require(actor, "publish", "sharing", entry.provider_id)
    if not title.strip():
        raise SharingError("REASON_REQUIRED", "a resource needs a title", field="title")
    consumers = await _consumers(entry)
    async with in_transaction() as connection:
        resource = await SharedResource.create(entry=entry, title=title, body=body, url=url,
                                               published_by_id=actor.user_id, published_at=now,
                                               using_db=connection)  # fmt: skip
        await record_event(type="sharing.published", subject_type="shared_resource", subject_id=resource.id,
                           audience=[entry.provider_id, *consumers], actor_id=actor.user_id,
                           agency_id=actor.agency_id, payload={"entry": entry.code, "title": title},
                           using_db=connection)  # fmt: skip
    return resource


async def request_access(
    actor: Principal, entry_id: int, *, purpose: str, at: datetime | None = None
) -> SharingAccessRequest:
    """A consumer asks for a conditional entry, stating its purpose."""
    now = at or datetime.now(UTC)
    entry = await CatalogEntry.get_or_none(id=entry_id)
    if entry is None:
        raise SharingError("NOT_FOUND", f"no catalog entry has the ID {entry_id}", field="entry")
    await require(actor, "request_access", "sharing", actor.agency_id)
    if entry.sharing_type is not SharingType.CONDITIONAL:
        raise SharingError("NOT_CONDITIONAL", f"the entry is {entry.sharing_type.value}: there is no access to ask",
                           field="entry")  # fmt: skip
    if entry.provider_id == actor.agency_id:
        raise SharingError("SAME_AGENCY", "the provider does not ask for its own entry", field="entry")
    if not purpose.strip():
        raise SharingError("REASON_REQUIRED", "state the purpose", field="purpose")
    if await SharingAccessRequest.exists(entry_id=entry.id, consumer_id=actor.agency_id):
        raise SharingError("ALREADY_REQUESTED", "the agency already asked for this entry", field="entry")
    async with in_transaction() as connection:
        request = await SharingAccessRequest.create(entry=entry, consumer_id=actor.agency_id, purpose=purpose,
                                                    using_db=connection)  # fmt: skip
        await _access_event(connection, "access_requested", request, entry, actor, now)
    return request


async def decide_access(
    actor: Principal, request_id: int, *, approve: bool, note: str = "", at: datetime | None = None
) -> SharingAccessRequest:
    """The provider approves or rejects; an approved consumer reads the entry's resources from then on."""
    now = at or datetime.now(UTC)
    request = await SharingAccessRequest.get_or_none(id=request_id)
    missing = SharingError("NOT_FOUND", f"no access request has the ID {request_id}", field="request")
    if request is None:
        raise missing
    entry = await CatalogEntry.get(id=request.entry_id)
    await require_on(actor, "approve_access", "sharing", entry.provider_id, record=request,
                     resource="sharing_access_request", missing=missing)  # fmt: skip
    if not approve and not note.strip():
        raise SharingError("REASON_REQUIRED", "a rejection states its reason", field="note")
    status = AccessRequestStatus.APPROVED if approve else AccessRequestStatus.REJECTED
    async with in_transaction() as connection:
        if (
            not await SharingAccessRequest.filter(id=request.id, status=AccessRequestStatus.PENDING)
            .using_db(connection)
            .update(status=status, decided_at=now, decision_note=note)
        ):
            raise SharingError("INVALID_STATE", f"the request is already {request.status.value}", field="request")
        request.status, request.decided_at, request.decision_note = status, now, note
        await _access_event(connection, f"access_{status.value}", request, entry, actor, now)
    return request


async def _access_event(connection: Any, type_: str, request: SharingAccessRequest, entry: CatalogEntry,
                        actor: Principal, at: datetime) -> None:  # fmt: skip
    await record_event(type=f"sharing.{type_}", subject_type="sharing_access_request", subject_id=request.id,
                       audience=[entry.provider_id, request.consumer_id], actor_id=actor.user_id,
                       agency_id=actor.agency_id, payload={"entry": entry.code, "at": at.isoformat()},
                       using_db=connection)  # fmt: skip
