"""The working-day calendar and the time limits."""

from __future__ import annotations

from datetime import date

import strawberry

import models
from graphql_api.calendar.types import CalendarDay, TimeLimit
from graphql_api.context import Info
from graphql_api.pagination import Connection, paginate


@strawberry.type
class CalendarQuery:
    @strawberry.field(description="Holidays and make-up working days, optionally of one year. Requires sign-in.")
    async def calendar_days(
        self, info: Info, year: int | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[CalendarDay]:
        query = models.CalendarDay.all()
        if year is not None:
            query = query.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))
        return await paginate(info, query, resource="calendar_day", first=first, after=after, narrowed=year is not None)

    @strawberry.field(description="The configurable time limits. Requires sign-in.")
    async def time_limits(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[TimeLimit]:
        return await paginate(info, models.TimeLimit.all(), resource="time_limit", first=first, after=after)
