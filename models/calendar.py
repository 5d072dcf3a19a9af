"""The working-day calendar (imported notices and local exceptions), the configurable time limits, and the clocks
that run against them."""

from __future__ import annotations

from tortoise import fields

from models.agency import Agency
from models.base import Entity
from models.enums import DayKind, DayOrigin, LimitUnit


class CalendarDay(Entity):
    """A day that is not what its weekday says: a weekday holiday or a weekend working day."""

    date = fields.DateField(unique=True)
    kind = fields.CharEnumField(DayKind, max_length=16)
    name = fields.CharField(max_length=60, default="")
    origin = fields.CharEnumField(DayOrigin, max_length=16, default=DayOrigin.LOCAL, db_default=DayOrigin.LOCAL.value)

    class Meta:
        table = "calendar_day"


class CalendarNotice(Entity):
    """A year whose working days are known: a notice an administrator imported, or the year as the installed
    chinesecalendar package carried it when it was last checked (its fingerprint tells when that changes)."""

    year = fields.IntField(unique=True)
    source = fields.CharField(max_length=16)  # YearSource.NOTICE or YearSource.PACKAGE
    title = fields.CharField(max_length=200, default="")
    published_on = fields.DateField(null=True)
    fingerprint = fields.CharField(max_length=64, default="")
    imported_by_id = fields.IntField(null=True)

    class Meta:
        table = "calendar_notice"


class TimeLimit(Entity):
    """A configurable deadline, e.g. `transfer.send` = 3 working days, with the article behind it."""

    key = fields.CharField(max_length=60, unique=True)
    amount = fields.IntField()
    unit = fields.CharEnumField(LimitUnit, max_length=16)
    description = fields.CharField(max_length=200, default="")
    source = fields.CharField(max_length=200, default="")  # the law or local rule that sets the limit
    counting_basis = fields.CharField(max_length=200, default="", db_default="")  # the article on how it is counted

    class Meta:
        table = "time_limit"


class Deadline(Entity):
    """A clock as it was started: what is needed to compute its deadline again when the calendar changes.

    The deadline itself is also a column of its subject (`Case.decision_deadline` …), which the lists, filters and
    the sweep read; `procedures.clocks` keeps the two equal, in the transaction that changes either.
    """

    subject_type = fields.CharField(max_length=20)
    subject_id = fields.IntField()
    kind = fields.CharField(max_length=40)  # the clock, e.g. "transfer.send" (the column it sets)
    limit_key = fields.CharField(max_length=60)  # the time limit it counts, e.g. "transfer.send_urgent"
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="deadlines", on_delete=fields.CASCADE
    )
    agency_id: int  # the agency whose act is due
    started_at = fields.DatetimeField()
    amount = fields.IntField()
    unit = fields.CharEnumField(LimitUnit, max_length=16)
    added = fields.IntField(default=0)  # in `unit`: an approved extension, the days a suspension stood still
    due_at = fields.DatetimeField()
    provisional = fields.BooleanField(default=False, db_index=True)
    provisional_from = fields.DateField(null=True)  # the first day it counted that no notice has settled yet
    window_from = fields.DateField(null=True)  # the days its computation looked at: a change there moves it
    window_to = fields.DateField(null=True)

    class Meta:
        table = "deadline"
        unique_together = (("subject_type", "subject_id", "kind"),)
