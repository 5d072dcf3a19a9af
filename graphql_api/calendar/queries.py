"""The working-day calendar and the time limits."""

from __future__ import annotations

from datetime import date

import strawberry

import models
from graphql_api.calendar.types import CalendarDate, CalendarDay, CalendarYear, TimeLimit
from graphql_api.context import Info
from graphql_api.errors import BadUserInput
from graphql_api.pagination import Connection, paginate
from models import CalendarNotice

# The years a calendar can answer for (the lunar holidays are known for 1901 to 2099).
FIRST_YEAR, LAST_YEAR = 1901, 2099


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadUserInput(f"year must be between {FIRST_YEAR} and {LAST_YEAR}, got {year}", field="year")
    return year


@strawberry.type
class CalendarQuery:
    @strawberry.field(
        description="The days administrators stored (imported notices, local exceptions), optionally of one year. "
        "`calendarYear` gives the whole calendar as deadlines count it. Requires sign-in."
    )
    async def calendar_days(
        self, info: Info, year: int | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[CalendarDay]:
        query = models.CalendarDay.all()
        if year is not None:
            _year(year)
            query = query.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))
        return await paginate(info, query, resource="calendar_day", first=first, after=after, narrowed=year is not None)

    @strawberry.field(description="One year of the calendar as deadlines count it, and where it comes from. "
                      "Requires sign-in.")  # fmt: skip
    async def calendar_year(self, info: Info, year: int) -> CalendarYear:
        info.context.require_principal()
        calendar = await info.context.working_calendar()
        notice = await CalendarNotice.get_or_none(year=_year(year))
        days = [CalendarDate(date=d.day, kind=d.kind, name=d.name, local=d.local) for d in calendar.named_days(year)]
        return CalendarYear(year=year, source=calendar.source(year), title=notice.title if notice else "", days=days)

    @strawberry.field(description="The configurable time limits, with their legal basis. Requires sign-in.")
    async def time_limits(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[TimeLimit]:
        return await paginate(info, models.TimeLimit.all(), resource="time_limit", first=first, after=after)
