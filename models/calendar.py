"""The working-day calendar (holidays and make-up working days, 调休) and the configurable time limits."""

from __future__ import annotations

from tortoise import fields

from models.base import Entity
from models.enums import DayKind, LimitUnit


class CalendarDay(Entity):
    """A day that is not what its weekday says: a weekday holiday or a weekend working day."""

    date = fields.DateField(unique=True)
    kind = fields.CharEnumField(DayKind, max_length=16)
    name = fields.CharField(max_length=60, default="")

    class Meta:
        table = "calendar_day"


class TimeLimit(Entity):
    """A configurable deadline, e.g. `transfer.send` = 3 working days (DOMAIN.md)."""

    key = fields.CharField(max_length=60, unique=True)
    amount = fields.IntField()
    unit = fields.CharEnumField(LimitUnit, max_length=16)
    description = fields.CharField(max_length=200, default="")
    source = fields.CharField(max_length=200, default="")  # the law or local rule behind it

    class Meta:
        table = "time_limit"
