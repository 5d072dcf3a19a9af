"""Working days follow the 2026 holiday notice, make-up working days included (Law Art 85)."""

from __future__ import annotations

from datetime import date, datetime

from models.enums import LimitUnit
from procedures.calendar import CHINA, WorkingCalendar


async def test_national_day_holidays_are_skipped_and_the_make_up_saturday_counts() -> None:
    calendar = await WorkingCalendar.load()
    # Wednesday 30 September 2026: 1–7 October are holidays; Saturday 10 October is a make-up working day.
    assert calendar.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert calendar.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert calendar.add_working_days(date(2026, 9, 30), 4) == date(2026, 10, 12)


async def test_a_plain_weekend_is_not_a_working_day() -> None:
    calendar = await WorkingCalendar.load()
    assert calendar.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Friday → Monday
    assert not calendar.is_working_day(date(2026, 2, 17))  # Spring Festival, a Tuesday
    assert calendar.is_working_day(date(2026, 2, 14))  # Saturday make-up day
    assert calendar.add_working_days(date(2026, 6, 1), 0) == date(2026, 6, 1)


async def test_deadlines_end_at_the_end_of_the_last_day_in_china() -> None:
    calendar = await WorkingCalendar.load()
    start = datetime(2026, 9, 30, 9, 0, tzinfo=CHINA)
    deadline = calendar.deadline(start, 3, LimitUnit.WORKING_DAYS)
    assert deadline == datetime(2026, 10, 10, 23, 59, 59, tzinfo=CHINA)
    assert calendar.deadline(start, 24, LimitUnit.HOURS) == datetime(2026, 10, 1, 9, 0, tzinfo=CHINA)
    assert calendar.deadline(start, 90, LimitUnit.CALENDAR_DAYS).date() == date(2026, 12, 29)
