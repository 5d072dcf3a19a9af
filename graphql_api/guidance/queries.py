"""Guidance documents an agency issued or received."""

from __future__ import annotations

import strawberry
from tortoise.queryset import QuerySet

import models
from graphql_api.context import Info
from graphql_api.enums import GuidanceKind
from graphql_api.guidance.types import GuidanceDocument
from graphql_api.pagination import LIST, Connection, paginate


@strawberry.input
class GuidanceFilter:
    kind: list[GuidanceKind] | None = None


def guidance_rows(filter: GuidanceFilter | None) -> QuerySet[models.GuidanceDocument]:
    query = models.GuidanceDocument.all()
    if filter is not None and filter.kind:
        query = query.filter(kind__in=filter.kind)
    return query


@strawberry.type
class GuidanceQuery:
    @strawberry.field(description="R-F1 guidance. Requires guidance:read; scope: issued by or addressed to the agency.",
                      metadata={LIST: ("guidance", guidance_rows)})  # fmt: skip
    async def guidance_documents(
        self, info: Info, first: int | None = None, after: str | None = None, filter: GuidanceFilter | None = None
    ) -> Connection[GuidanceDocument]:
        query = guidance_rows(filter)
        return await paginate(info, query, resource="guidance", first=first, after=after, narrowed=filter is not None)
