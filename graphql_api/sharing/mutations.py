"""R-E1 to R-E3 as mutations: catalog entries, publishing, access to conditional entries."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from enum import StrEnum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from graphql_api.context import Info, forbidden_on_denial
from graphql_api.enums import SharingCategory, SharingMethod, SharingType, UpdateCycle
from graphql_api.relations import decode_id
from graphql_api.sharing.types import CatalogEntry, SharedResource, SharingAccessRequest
from permissions.principal import Principal
from procedures import sharing as procedure


@strawberry.enum(description="Why a sharing step was refused.")
class SharingErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    INVALID_CODE = "INVALID_CODE"
    LEGAL_BASIS_REQUIRED = "LEGAL_BASIS_REQUIRED"
    REASON_REQUIRED = "REASON_REQUIRED"
    DUPLICATE_CODE = "DUPLICATE_CODE"
    NOT_CONDITIONAL = "NOT_CONDITIONAL"
    SAME_AGENCY = "SAME_AGENCY"
    ALREADY_REQUESTED = "ALREADY_REQUESTED"
    INVALID_STATE = "INVALID_STATE"


@strawberry.type
class SharingError:
    code: SharingErrorCode
    field: str | None
    message: str


@strawberry.type
class SharingPayload:
    entry: CatalogEntry | None = None
    resource: SharedResource | None = None
    access_request: SharingAccessRequest | None = None
    errors: list[SharingError]


@strawberry.input
class CatalogEntryInput:
    catalog: relay.GlobalID
    classification_code: str = strawberry.field(description="Class (1 digit), item (2), entry (3), sub-entry.")
    name: str
    code: str
    category: SharingCategory = strawberry.field(description="One of the eight categories of R-E2.")
    sharing_type: SharingType
    method: SharingMethod
    update_cycle: UpdateCycle
    summary: str = ""
    legal_basis: str = strawberry.field(default="", description="Required unless the entry is unconditional.")
    conditions: str = ""
    data_format: str = ""
    data_items: JSON | None = strawberry.field(default=None, description='[{"name": …, "type": …}]')
    publish_date: date | None = None


async def _payload(info: Info, step: Callable[[Principal], Awaitable[Any]], slot: str) -> SharingPayload:
    actor = info.context.require_principal()
    try:
        async with forbidden_on_denial():
            row = await step(actor)
    except procedure.SharingError as exc:
        return SharingPayload(errors=[SharingError(code=SharingErrorCode(exc.code), field=exc.field,
                                                   message=str(exc))])  # fmt: skip
    return SharingPayload(errors=[], **{slot: row})


def _data_items(value: object) -> list[dict[str, str]]:
    if not isinstance(value, list):
        return []
    return [{str(k): str(v) for k, v in item.items()} for item in value if isinstance(item, dict)]


def _id(value: relay.GlobalID, type_name: str, field: str) -> int:
    return decode_id(value, type_name, field=field) or 0


@strawberry.type
class SharingMutation:
    @strawberry.mutation(description="R-E1: add an entry to a sharing catalog as its provider. "
                         "Requires sharing:manage_catalog in one's own agency.")  # fmt: skip
    async def create_catalog_entry(self, info: Info, input: CatalogEntryInput) -> SharingPayload:
        data = procedure.EntryInput(
            catalog_id=_id(input.catalog, "SharingCatalog", "catalog"), classification_code=input.classification_code,
            name=input.name, code=input.code, category=input.category, sharing_type=input.sharing_type,
            method=input.method, update_cycle=input.update_cycle, summary=input.summary,
            legal_basis=input.legal_basis, conditions=input.conditions, data_format=input.data_format,
            data_items=_data_items(input.data_items), publish_date=input.publish_date,
        )  # fmt: skip
        return await _payload(info, lambda actor: procedure.create_entry(actor, data), "entry")

    @strawberry.mutation(description="R-E3: publish a resource under an entry; its consumers are notified. "
                         "Requires sharing:publish in the provider.")  # fmt: skip
    async def publish_shared_resource(
        self, info: Info, entry: relay.GlobalID, title: str, body: str = "", url: str = ""
    ) -> SharingPayload:
        entry_id = _id(entry, "CatalogEntry", "entry")
        return await _payload(
            info, lambda actor: procedure.publish(actor, entry_id, title=title, body=body, url=url), "resource"
        )

    @strawberry.mutation(description="Ask for a conditional entry. Requires sharing:request_access.")
    async def request_sharing_access(self, info: Info, entry: relay.GlobalID, purpose: str) -> SharingPayload:
        entry_id = _id(entry, "CatalogEntry", "entry")
        return await _payload(
            info, lambda actor: procedure.request_access(actor, entry_id, purpose=purpose), "access_request"
        )

    @strawberry.mutation(description="Approve or reject an access request. Requires sharing:approve_access in the "
                         "provider.")  # fmt: skip
    async def decide_sharing_access(
        self, info: Info, request: relay.GlobalID, approve: bool, note: str = ""
    ) -> SharingPayload:
        request_id = _id(request, "SharingAccessRequest", "request")
        return await _payload(
            info, lambda actor: procedure.decide_access(actor, request_id, approve=approve, note=note), "access_request"
        )
