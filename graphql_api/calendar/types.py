"""The working-day calendar and the configurable time limits."""

from __future__ import annotations

from datetime import date

import strawberry

import models
from graphql_api.enums import DayKind, LimitUnit
from graphql_api.node import ModelNode


@strawberry.type(description="A holiday on a weekday, or a make-up working day (调休) on a weekend.")
class CalendarDay(ModelNode):
    _model = models.CalendarDay
    _resource = "calendar_day"

    date: date
    kind: DayKind
    name: str


@strawberry.type(description="A configurable deadline, e.g. transfer.send = 3 working days.")
class TimeLimit(ModelNode):
    _model = models.TimeLimit
    _resource = "time_limit"

    key: str
    amount: int
    unit: LimitUnit
    description: str
    source: str
