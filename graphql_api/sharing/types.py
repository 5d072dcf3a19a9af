"""R-E1 to R-E3: sharing catalogs, their entries and the resources published under them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

import models
from graphql_api.enums import AccessRequestStatus, SharingCategory, SharingMethod, SharingType, UpdateCycle
from graphql_api.node import ModelNode
from graphql_api.relations import to_many, to_one

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

    owner: _Agency | None = to_one(models.Agency, "owner_id")
    entries: list[CatalogEntry] = to_many(models.CatalogEntry, "catalog_id")


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

    catalog: SharingCatalog = to_one(models.SharingCatalog, "catalog_id")
    provider: _Agency = to_one(models.Agency, "provider_id")


@strawberry.type(description="Something published under an entry. Visible as the entry's sharing type allows.")
class SharedResource(ModelNode):
    _model = models.SharedResource
    _resource = "shared_resource"

    title: str
    body: str
    url: str
    published_at: datetime

    entry: CatalogEntry = to_one(models.CatalogEntry, "entry_id")


@strawberry.type(description="A consumer's request for a conditional entry.")
class SharingAccessRequest(ModelNode):
    _model = models.SharingAccessRequest
    _resource = "sharing_access_request"

    purpose: str
    status: AccessRequestStatus
    decided_at: datetime | None
    decision_note: str

    entry: CatalogEntry = to_one(models.CatalogEntry, "entry_id")
    consumer: _Agency = to_one(models.Agency, "consumer_id")
