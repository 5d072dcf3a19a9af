"""Working days (Law Art 85): the one place that answers "is this a working day", and counts periods over them.

Each year's days come from the surest source there is (`YearSource`): a State Council notice an administrator
imported, else the notice as the installed chinesecalendar package carries it, else, for a year nobody has published
yet, a provisional answer (weekends and the statutory holidays of `procedures.statutory_holidays`). An
administrator's local exception (a local make-up day, a typhoon closure) beats every source. A period that counts a
provisional day is provisional itself, and is counted again when the notice arrives (`procedures.clocks`).

Deadlines are counted in China's local time, end at the end of the last day allowed there, and are given in UTC.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
from tortoise.backends.base.client import BaseDBAsyncClient

from models import CalendarDay, CalendarNotice
from models.enums import DayKind, DayOrigin, LimitUnit, YearSource
from procedures.statutory_holidays import statutory_holidays

CHINA = ZoneInfo("Asia/Shanghai")
_END_OF_DAY = time(23, 59, 59)
# No calendar has this many days off in a row; a longer run means the calendar data is wrong.
_LONGEST_BREAK = 60


def _chinese(name: str) -> str:
    return str(chinese_calendar.Holiday(name).chinese)


# The notices the installed package carries: holidays (weekend days of a holiday included) and make-up working days.
PACKAGE_HOLIDAYS: dict[date, str] = {d: _chinese(n) for d, n in chinese_calendar.holidays.items()}
PACKAGE_WORKDAYS: dict[date, str] = {d: f"{_chinese(n)}调休上班" for d, n in chinese_calendar.workdays.items()}
PACKAGE_YEARS: frozenset[int] = frozenset(range(min(PACKAGE_HOLIDAYS).year, max(PACKAGE_HOLIDAYS).year + 1))


@dataclass(frozen=True, slots=True)
class NamedDay:
    """A day that is not what its weekday says, or a holiday on a weekend, as the calendar counts it."""

    day: date
    kind: DayKind
    name: str
    source: YearSource
    local: bool  # an administrator's local exception


@dataclass(frozen=True, slots=True)
class Reckoning:
    """The end of a period, and what it depended on."""

    at: datetime
    provisional_from: date | None  # the first day counted that no notice has settled; None: the answer is final
    window: tuple[date, date] | None  # the days whose kind decided the answer (None: counted in hours)

    @property
    def provisional(self) -> bool:
        return self.provisional_from is not None


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    notice_years: frozenset[int]  # years an administrator imported a notice for
    holidays: Mapping[date, str]  # of the known years: the package's, or the imported notice's, with their names
    workdays: Mapping[date, str]  # weekend days that are working days, likewise
    local: Mapping[date, tuple[DayKind, str]]  # local exceptions, above every source

    @classmethod
    async def load(cls, *, using_db: BaseDBAsyncClient | None = None) -> WorkingCalendar:
        notices = await CalendarNotice.filter(source=YearSource.NOTICE).using_db(using_db).values("year")
        notice_years = frozenset(int(n["year"]) for n in notices)
        rows = await CalendarDay.all().using_db(using_db).values_list("date", "kind", "name", "origin")
        notice = [(d, DayKind(k), n) for d, k, n, o in rows if o == DayOrigin.NOTICE and d.year in notice_years]
        return cls(
            notice_years=notice_years,
            holidays={d: n for d, n in PACKAGE_HOLIDAYS.items() if d.year not in notice_years}
            | {d: n for d, kind, n in notice if kind is DayKind.HOLIDAY},
            workdays={d: n for d, n in PACKAGE_WORKDAYS.items() if d.year not in notice_years}
            | {d: n for d, kind, n in notice if kind is DayKind.WORKDAY},
            local={d: (DayKind(k), n) for d, k, n, o in rows if o == DayOrigin.LOCAL},
        )

    def source(self, year: int) -> YearSource:
        if year in self.notice_years:
            return YearSource.NOTICE
        return YearSource.PACKAGE if year in PACKAGE_YEARS else YearSource.PROVISIONAL

    def is_provisional(self, day: date) -> bool:
        return day not in self.local and self.source(day.year) is YearSource.PROVISIONAL

    def is_working_day(self, day: date) -> bool:
        local = self.local.get(day)
        if local is not None:
            return local[0] is DayKind.WORKDAY
        if self.source(day.year) is YearSource.PROVISIONAL:
            return day.weekday() < 5 and day not in statutory_holidays(day.year)
        if day in self.holidays:
            return False
        return day.weekday() < 5 or day in self.workdays

    def named_days(self, year: int) -> list[NamedDay]:
        """The holidays and make-up working days of `year`, as the calendar counts them, by date."""
        source = self.source(year)
        if source is YearSource.PROVISIONAL:
            days = {d: (DayKind.HOLIDAY, n) for d, n in statutory_holidays(year).items()}
        else:
            days = {d: (DayKind.HOLIDAY, n) for d, n in self.holidays.items() if d.year == year}
            days |= {d: (DayKind.WORKDAY, n) for d, n in self.workdays.items() if d.year == year}
        local = {d: kind_name for d, kind_name in self.local.items() if d.year == year}
        return [NamedDay(d, kind, name, source, d in local) for d, (kind, name) in sorted((days | local).items())]

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (the day the clock starts is not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        current = start
        remaining = days
        while remaining:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def first_working_day_from(self, day: date) -> date:
        current = day
        while not self.is_working_day(current):
            current += timedelta(days=1)
            if (current - day).days > _LONGEST_BREAK:
                raise ValueError(f"no working day within {_LONGEST_BREAK} days of {day}")
        return current

    def reckon(self, start: datetime, amount: int, unit: LimitUnit) -> Reckoning:
        """The last moment allowed for something whose clock started at `start`, counted as the law counts it:
        working days skip every day off (Law Art 85); a period in calendar days or years whose last day is a day
        off ends on the next working day (Civil Code Art 203); hours are hours."""
        if unit is LimitUnit.HOURS:
            return Reckoning((start + timedelta(hours=amount)).astimezone(UTC), None, None)
        first = start.astimezone(CHINA).date()
        if unit is LimitUnit.WORKING_DAYS:
            last = self.add_working_days(first, amount)
            window = (min(first + timedelta(days=1), last), last)
        else:
            end = first + timedelta(days=amount) if unit is LimitUnit.CALENDAR_DAYS else _years_after(first, amount)
            last = self.first_working_day_from(end)
            window = (end, last)
        provisional_from = next((d for d in _days(*window) if self.is_provisional(d)), None)
        return Reckoning(datetime.combine(last, _END_OF_DAY, tzinfo=CHINA).astimezone(UTC), provisional_from, window)

    def deadline(self, start: datetime, amount: int, unit: LimitUnit) -> datetime:
        return self.reckon(start, amount, unit).at


def _years_after(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February (Civil Code Art 202: the month's last day)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _days(first: date, last: date) -> Iterator[date]:
    current = first
    while current <= last:
        yield current
        current += timedelta(days=1)
