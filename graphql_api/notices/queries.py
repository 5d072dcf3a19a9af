"""Notices an agency sent or received."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry import relay
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

import models
from graphql_api.context import Info
from graphql_api.enums import NoticeStatus
from graphql_api.notices.types import Notice
from graphql_api.pagination import LIST, Connection, paginate
from graphql_api.relations import decode_id
from models.enums import NoticeStatus as NoticeStatusValue


@strawberry.input
class NoticeFilter:
    status: list[NoticeStatus] | None = None
    sender: relay.GlobalID | None = None
    receiver: relay.GlobalID | None = None
    overdue: bool | None = strawberry.field(default=None, description="Not reported by its response deadline.")


def notice_rows(filter: NoticeFilter | None) -> QuerySet[models.Notice]:
    """The notices the filter asks for, before the scope."""
    query = models.Notice.all()
    if filter is not None:
        if filter.status:
            query = query.filter(status__in=filter.status)
        if filter.sender is not None:
            query = query.filter(sender_id=decode_id(filter.sender, "Agency", field="filter.sender"))
        if filter.receiver is not None:
            query = query.filter(receiver_id=decode_id(filter.receiver, "Agency", field="filter.receiver"))
        if filter.overdue is not None:
            late = Q(status__in=[NoticeStatusValue.SENT, NoticeStatusValue.ACKNOWLEDGED],
                     response_deadline__lt=datetime.now(UTC))  # fmt: skip
            query = query.filter(late if filter.overdue else ~late)
    return query


@strawberry.type
class NoticeQuery:
    @strawberry.field(description="R-B1 notices. Requires notice:read; scope: sent or received by the agency.",
                      metadata={LIST: ("notice", notice_rows)})  # fmt: skip
    async def notices(
        self, info: Info, first: int | None = None, after: str | None = None, filter: NoticeFilter | None = None
    ) -> Connection[Notice]:
        query = notice_rows(filter)
        return await paginate(info, query, resource="notice", first=first, after=after, narrowed=filter is not None)
