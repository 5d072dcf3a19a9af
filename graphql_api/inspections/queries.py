"""The inspections an agency planned."""

from __future__ import annotations

import strawberry

import models
from graphql_api.context import Info
from graphql_api.inspections.types import Inspection
from graphql_api.pagination import Connection, paginate


@strawberry.type
class InspectionQuery:
    @strawberry.field(description="Planned inspections. Requires joint_plan:read; scope: the agency's own.")
    async def inspections(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Inspection]:
        return await paginate(info, models.Inspection.all(), resource="inspection", first=first, after=after)
