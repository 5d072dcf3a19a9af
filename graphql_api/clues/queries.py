"""Complaint clues an agency registered or received."""

from __future__ import annotations

import strawberry
from tortoise.queryset import QuerySet

import models
from graphql_api.clues.types import Clue
from graphql_api.context import Info
from graphql_api.enums import ClueStatus
from graphql_api.pagination import LIST, Connection, paginate


@strawberry.input
class ClueFilter:
    status: list[ClueStatus] | None = None


def clue_rows(filter: ClueFilter | None) -> QuerySet[models.Clue]:
    query = models.Clue.all()
    if filter is not None and filter.status:
        query = query.filter(status__in=filter.status)
    return query


@strawberry.type
class ClueQuery:
    @strawberry.field(description="R-B2 clues. Requires clue:read; scope: registered by the agency or passed on to it.",
                      metadata={LIST: ("clue", clue_rows)})  # fmt: skip
    async def clues(
        self, info: Info, first: int | None = None, after: str | None = None, filter: ClueFilter | None = None
    ) -> Connection[Clue]:
        query = clue_rows(filter)
        return await paginate(info, query, resource="clue", first=first, after=after, narrowed=filter is not None)
