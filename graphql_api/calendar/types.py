"""The working-day calendar, the configurable time limits, and the clocks that run against them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

import strawberry

import models
from graphql_api.context import Info
from graphql_api.enums import DayKind, DayOrigin, LimitUnit, YearSource
from graphql_api.node import ModelNode
from graphql_api.relations import to_many

PROVISIONAL = (
    "True when the deadline counts a day of a year whose holiday notice is not loaded yet: it is computed from "
    "weekends and the statutory holidays, and is counted again (a `deadline.recomputed` event) when the notice "
    "arrives."
)


@strawberry.type(description="A day stored by administrators: a day of an imported holiday notice, or a local "
                 "exception (a local make-up working day, a typhoon closure) that beats every notice.")  # fmt: skip
class CalendarDay(ModelNode):
    _model = models.CalendarDay
    _resource = "calendar_day"

    date: date
    kind: DayKind
    name: str
    origin: DayOrigin


@strawberry.type(description="A holiday, or a make-up working day on a weekend, as deadlines count it.")
class CalendarDate:
    date: date
    kind: DayKind
    name: str
    local: bool = strawberry.field(description="An administrator's local exception, above the year's source.")


@strawberry.type(description="One year of the working-day calendar and where its days come from.")
class CalendarYear:
    year: int
    source: YearSource = strawberry.field(
        description="NOTICE: the State Council's notice, imported by an administrator; PACKAGE: the notice as the "
        "chinesecalendar package carries it; PROVISIONAL: no notice yet, only weekends and the statutory holidays "
        "(全国年节及纪念日放假办法) are known, without the make-up working days."
    )
    title: str
    days: list[CalendarDate] = strawberry.field(description="Its holidays and make-up working days, by date.")


@strawberry.type(description="When something started now (or at `start`) would be due under a time limit.")
class DeadlineForecast:
    due_at: datetime
    provisional: bool = strawberry.field(description=PROVISIONAL)
    provisional_from: date | None = strawberry.field(description="The first day counted that no notice settles.")


@strawberry.type(description="A configurable deadline, e.g. transfer.send = 3 working days, with its legal basis.")
class TimeLimit(ModelNode):
    _model = models.TimeLimit
    _resource = "time_limit"

    key: str
    amount: int
    unit: LimitUnit
    description: str
    source: str = strawberry.field(description="The law or local rule that sets the limit, with its article.")
    counting_basis: str = strawberry.field(
        description="How the period is counted and the article that says so (Law Art 85: periods of 2, 3, 5 and 7 "
        "days are working days; a period in days whose last day is a day off ends on the next working day)."
    )

    @strawberry.field(description="When something started at `start` (default: now) would be due under this limit.")
    async def deadline_from(self, info: Info, start: datetime | None = None) -> DeadlineForecast:
        calendar = await info.context.working_calendar()
        moment = start or datetime.now(UTC)
        reckoning = calendar.reckon(moment, self.amount, LimitUnit(self.unit))
        return DeadlineForecast(
            due_at=reckoning.at, provisional=reckoning.provisional, provisional_from=reckoning.provisional_from
        )


@strawberry.type(description="A clock a procedure started, and the deadline it gives: its subject's deadline field, "
                 "with what it was computed from.")  # fmt: skip
class Deadline:
    _model: ClassVar[type[models.Deadline]] = models.Deadline
    _resource: ClassVar[str] = "deadline"  # read with the record that started it (permissions.filters._BELONGING)

    kind: str = strawberry.field(description="The clock, e.g. case.decision, transfer.receipt.")
    limit_key: str = strawberry.field(description="The time limit it counts (see `timeLimits`).")
    started_at: datetime
    amount: int
    unit: LimitUnit
    added: int = strawberry.field(description="Added in the same unit: an approved extension, a suspension's days.")
    due_at: datetime
    provisional: bool = strawberry.field(description=PROVISIONAL)
    provisional_from: date | None = strawberry.field(description="The first day counted that no notice settles.")


def deadlines_of(subject_type: str) -> Any:
    """The `deadlines` field of a type whose rows start clocks."""
    return to_many(
        models.Deadline,
        "subject_id",
        where={"subject_type": subject_type},
        description="The clocks this record started, one per deadline field, oldest first: whether each deadline is "
        "provisional, and what it was computed from.",
    )
