"""R-E1 to R-E3: sharing catalogs, their entries and the resources published under them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

import models
from graphql_api.context import Info
from graphql_api.enums import AccessRequestStatus, SharingCategory, SharingMethod, SharingType, UpdateCycle
from graphql_api.node import ModelNode
from graphql_api.relations import many, one, required

if TYPE_CHECKING:
    from graphql_api.agencies.types import Agency

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]


@strawberry.type(description="A sharing catalog (政务信息资源目录). Readable by everyone signed in.")
class SharingCatalog(ModelNode):
    _model = models.SharingCatalog
    _resource = "sharing_catalog"

    name: str
    description: str
    version: str
    owner_id: strawberry.Private[int | None]

    @strawberry.field
    async def owner(self, info: Info) -> _Agency | None:
        return await one(info, models.Agency, self.owner_id)

    @strawberry.field
    async def entries(self, info: Info) -> list[CatalogEntry]:
        return await many(info, models.CatalogEntry, "catalog_id", self.pk)


@strawberry.type(description="An entry of a sharing catalog: what is shared, by whom, on what terms.")
class CatalogEntry(ModelNode):
    _model = models.CatalogEntry
    _resource = "catalog_entry"

    classification_code: str
    name: str
    code: str
    category: SharingCategory = strawberry.field(description="One of the eight categories of R-E2.")
    summary: str
    data_format: str
    data_items: JSON
    sharing_type: SharingType
    legal_basis: str = strawberry.field(description="Required for conditional and not-shared entries.")
    conditions: str
    method: SharingMethod
    open_to_public: bool
    update_cycle: UpdateCycle
    publish_date: date | None
    catalog_id: strawberry.Private[int]
    provider_id: strawberry.Private[int]

    @strawberry.field
    async def catalog(self, info: Info) -> SharingCatalog:
        return await required(info, models.SharingCatalog, self.catalog_id)

    @strawberry.field
    async def provider(self, info: Info) -> _Agency:
        return await required(info, models.Agency, self.provider_id)


@strawberry.type(description="Something published under an entry. Visible as the entry's sharing type allows.")
class SharedResource(ModelNode):
    _model = models.SharedResource
    _resource = "shared_resource"

    title: str
    body: str
    url: str
    published_at: datetime
    entry_id: strawberry.Private[int]

    @strawberry.field
    async def entry(self, info: Info) -> CatalogEntry:
        return await required(info, models.CatalogEntry, self.entry_id)


@strawberry.type(description="A consumer's request for a conditional entry.")
class SharingAccessRequest(ModelNode):
    _model = models.SharingAccessRequest
    _resource = "sharing_access_request"

    purpose: str
    status: AccessRequestStatus
    decided_at: datetime | None
    decision_note: str
    entry_id: strawberry.Private[int]
    consumer_id: strawberry.Private[int]

    @strawberry.field
    async def entry(self, info: Info) -> CatalogEntry:
        return await required(info, models.CatalogEntry, self.entry_id)

    @strawberry.field
    async def consumer(self, info: Info) -> _Agency:
        return await required(info, models.Agency, self.consumer_id)
