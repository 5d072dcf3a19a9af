"""The inspections an agency planned."""

from __future__ import annotations

import strawberry
from tortoise.queryset import QuerySet

import models
from graphql_api.context import Info
from graphql_api.inspections.types import Inspection
from graphql_api.pagination import LIST, Connection, paginate


def inspection_rows(filter: None = None) -> QuerySet[models.Inspection]:
    return models.Inspection.all()


@strawberry.type
class InspectionQuery:
    @strawberry.field(description="Planned inspections. Requires joint_plan:read; scope: the agency's own.",
                      metadata={LIST: ("inspection", inspection_rows)})  # fmt: skip
    async def inspections(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Inspection]:
        return await paginate(info, inspection_rows(), resource="inspection", first=first, after=after)
