"""Sharing catalogs, their entries and the resources an agency may read."""

from __future__ import annotations

import strawberry
from strawberry import relay

import models
from graphql_api.context import Info
from graphql_api.enums import SharingCategory, SharingType
from graphql_api.pagination import Connection, paginate
from graphql_api.relations import decode_id
from graphql_api.sharing.types import CatalogEntry, SharedResource, SharingAccessRequest, SharingCatalog


@strawberry.input
class CatalogEntryFilter:
    category: list[SharingCategory] | None = None
    sharing_type: list[SharingType] | None = None
    provider: relay.GlobalID | None = None


@strawberry.type
class SharingQuery:
    @strawberry.field(description="Sharing catalogs. Requires sign-in.")
    async def sharing_catalogs(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[SharingCatalog]:
        return await paginate(info, models.SharingCatalog.all(), resource="sharing_catalog", first=first, after=after)

    @strawberry.field(description="Catalog entries. Requires sign-in.")
    async def catalog_entries(
        self, info: Info, first: int | None = None, after: str | None = None, filter: CatalogEntryFilter | None = None
    ) -> Connection[CatalogEntry]:
        query = models.CatalogEntry.all()
        if filter is not None:
            if filter.category:
                query = query.filter(category__in=filter.category)
            if filter.sharing_type:
                query = query.filter(sharing_type__in=filter.sharing_type)
            if filter.provider is not None:
                query = query.filter(provider_id=decode_id(filter.provider, "Agency", field="filter.provider"))
        return await paginate(
            info, query, resource="catalog_entry", first=first, after=after, narrowed=filter is not None
        )

    @strawberry.field(
        description="Shared resources. Requires sharing:read; scope: unconditional, own and approved entries."
    )
    async def shared_resources(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[SharedResource]:
        return await paginate(info, models.SharedResource.all(), resource="shared_resource", first=first, after=after)

    @strawberry.field(description="Access requests. Requires sharing:read; scope: the consumer and the provider.")
    async def sharing_access_requests(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[SharingAccessRequest]:
        query = models.SharingAccessRequest.all()
        return await paginate(info, query, resource="sharing_access_request", first=first, after=after)
