"""Assistance requests an agency sent or was asked."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

import models
from graphql_api.assistance.types import AssistanceRequest
from graphql_api.context import Info
from graphql_api.enums import AssistanceStatus
from graphql_api.pagination import LIST, Connection, paginate
from models.enums import AssistanceStatus as AssistanceStatusValue


@strawberry.input
class AssistanceFilter:
    status: list[AssistanceStatus] | None = None
    overdue: bool | None = strawberry.field(default=None, description="Unanswered past its answer deadline.")


def assistance_rows(filter: AssistanceFilter | None) -> QuerySet[models.AssistanceRequest]:
    query = models.AssistanceRequest.all()
    if filter is not None and filter.status:
        query = query.filter(status__in=filter.status)
    if filter is not None and filter.overdue is not None:
        late = Q(status=AssistanceStatusValue.SENT, answer_deadline__lt=datetime.now(UTC))
        query = query.filter(late if filter.overdue else ~late)
    return query


@strawberry.type
class AssistanceQuery:
    @strawberry.field(
        description="R-D1 requests. Requires assistance:read; scope: asked by, asked of or escalated to the agency.",
        metadata={LIST: ("assistance", assistance_rows)},
    )
    async def assistance_requests(
        self, info: Info, first: int | None = None, after: str | None = None, filter: AssistanceFilter | None = None
    ) -> Connection[AssistanceRequest]:
        query = assistance_rows(filter)
        return await paginate(info, query, resource="assistance", first=first, after=after, narrowed=filter is not None)
