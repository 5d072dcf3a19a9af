"""Complaint clues an agency registered or received."""

from __future__ import annotations

import strawberry

import models
from graphql_api.clues.types import Clue
from graphql_api.context import Info
from graphql_api.enums import ClueStatus
from graphql_api.pagination import Connection, paginate


@strawberry.input
class ClueFilter:
    status: list[ClueStatus] | None = None


@strawberry.type
class ClueQuery:
    @strawberry.field(description="R-B2 clues. Requires clue:read; scope: registered by the agency or passed on to it.")
    async def clues(
        self, info: Info, first: int | None = None, after: str | None = None, filter: ClueFilter | None = None
    ) -> Connection[Clue]:
        query = models.Clue.all()
        if filter is not None and filter.status:
            query = query.filter(status__in=filter.status)
        return await paginate(info, query, resource="clue", first=first, after=after, narrowed=filter is not None)
