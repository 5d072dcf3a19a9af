"""Assistance requests an agency sent or was asked."""

from __future__ import annotations

import strawberry

import models
from graphql_api.assistance.types import AssistanceRequest
from graphql_api.context import Info
from graphql_api.enums import AssistanceStatus
from graphql_api.pagination import Connection, paginate


@strawberry.input
class AssistanceFilter:
    status: list[AssistanceStatus] | None = None


@strawberry.type
class AssistanceQuery:
    @strawberry.field(
        description="R-D1 requests. Requires assistance:read; scope: requested by or asked of the agency."
    )
    async def assistance_requests(
        self, info: Info, first: int | None = None, after: str | None = None, filter: AssistanceFilter | None = None
    ) -> Connection[AssistanceRequest]:
        query = models.AssistanceRequest.all()
        if filter is not None and filter.status:
            query = query.filter(status__in=filter.status)
        return await paginate(info, query, resource="assistance", first=first, after=after, narrowed=filter is not None)
