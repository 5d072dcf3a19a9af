"""Changes to the working-day calendar, and what follows from each: a State Council notice imported for a year, a
local exception added or removed, the chinesecalendar package upgraded. Each change and the recomputation of every
open deadline it moves commit in one transaction, so that no deadline is ever left counted on a calendar that is
gone. From 1 November the system administrators are told, once a day, while next year's notice is missing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache

from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import CalendarDay, CalendarNotice, Event
from models.enums import DayKind, DayOrigin, Role, YearSource
from permissions.principal import Principal
from permissions.roles import agencies_holding
from procedures import calendar, clocks
from procedures.access import require
from procedures.calendar import CHINA, WorkingCalendar
from procedures.exclusive import exclusive

WARN_FROM_MONTH = 11  # from 1 November, next year's notice is due (the 2026 one was published on 4 November 2025)


class CalendarError(Exception):
    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


@dataclass(frozen=True, slots=True)
class NoticeDay:
    day: date
    kind: DayKind
    name: str = ""


@dataclass(frozen=True, slots=True)
class Imported:
    year: int
    days: int
    recomputed: int  # open deadlines that moved or stopped being provisional


def check_notice(year: int, days: Sequence[NoticeDay]) -> list[str]:
    """Why these days cannot be the notice of `year` (empty when they can), in the words of the import report."""
    problems = []
    seen: set[date] = set()
    for d in days:
        if d.day.year != year:
            problems.append(f"{d.day.isoformat()} 不在 {year} 年")
        if d.day in seen:
            problems.append(f"{d.day.isoformat()} 重复")
        seen.add(d.day)
        if d.kind is DayKind.WORKDAY and d.day.weekday() < 5:
            problems.append(f"{d.day.isoformat()} 是工作日,不必列为调休上班")
        if len(d.name) > 60:
            problems.append(f"{d.day.isoformat()} 的名称过长(最多 60 字)")
    if not any(d.kind is DayKind.HOLIDAY for d in days):
        problems.append("通知中没有放假日")
    return problems


async def import_notice(
    actor: Principal,
    year: int,
    days: Sequence[NoticeDay],
    *,
    title: str,
    published_on: date | None = None,
    at: datetime | None = None,
) -> Imported:
    """The State Council's notice for `year` replaces whatever that year was counted on (the package, an earlier
    import, the provisional holidays); every open deadline it moves is counted again, in the same transaction."""
    await require(actor, "manage", "calendar", None)
    problems = check_notice(year, days)
    if problems:
        raise CalendarError("INVALID_NOTICE", ";".join(problems[:20]), field="days")
    if not title.strip():
        raise CalendarError("REASON_REQUIRED", "name the notice (its title)", field="title")
    now = at or datetime.now(UTC)
    async with in_transaction() as connection:
        await CalendarDay.filter(origin=DayOrigin.NOTICE, date__gte=date(year, 1, 1), date__lte=date(year, 12, 31)) \
            .using_db(connection).delete()  # fmt: skip
        taken = await CalendarDay.filter(date__in=[d.day for d in days]).using_db(connection).values("date")
        local: set[date] = {row["date"] for row in taken}
        await CalendarDay.bulk_create(
            [CalendarDay(date=d.day, kind=d.kind, name=d.name, origin=DayOrigin.NOTICE) for d in days
             if d.day not in local],
            using_db=connection,
        )  # fmt: skip
        await CalendarNotice.update_or_create(
            defaults={"source": YearSource.NOTICE, "title": title, "published_on": published_on,
                      "imported_by_id": actor.user_id, "fingerprint": _fingerprint(days)},
            year=year, using_db=connection,
        )  # fmt: skip
        recomputed = await clocks.recompute(connection, years=[year], reason="notice", actor_id=actor.user_id)
        await record_event(
            type="calendar.notice_imported", subject_type="calendar", subject_id=year,
            audience=await agencies_holding(Role.SYSTEM_ADMIN, using_db=connection), actor_id=actor.user_id,
            agency_id=actor.agency_id, occurred_at=now, using_db=connection,
            payload={"year": year, "title": title, "days": len(days), "recomputed": recomputed,
                     "localKept": sorted(d.isoformat() for d in local)},
        )  # fmt: skip
    return Imported(year=year, days=len(days), recomputed=recomputed)


async def save_exception(
    actor: Principal, pk: int | None, *, day: date, kind: DayKind, name: str = ""
) -> tuple[CalendarDay, int]:
    """A local exception (a local make-up day, a typhoon closure), above every notice; the open deadlines that
    counted the day (the old one too, when it moves) are counted again."""
    await require(actor, "manage", "calendar", None)
    async with in_transaction() as connection:
        if pk is None:
            row = await CalendarDay.create(date=day, kind=kind, name=name, origin=DayOrigin.LOCAL, using_db=connection)
            changed = [day]
        else:
            row = await CalendarDay.select_for_update().using_db(connection).get(pk=pk)
            changed = [row.date, day]
            row.date, row.kind, row.name, row.origin = day, kind, name, DayOrigin.LOCAL
            await row.save(using_db=connection)
        recomputed = await clocks.recompute(connection, days=changed, reason="local", actor_id=actor.user_id)
        await record_event(
            type=f"admin.calendar_day.{'created' if pk is None else 'updated'}", subject_type="calendar_day",
            subject_id=row.id, audience=[], actor_id=actor.user_id, agency_id=actor.agency_id, using_db=connection,
            payload={"date": day.isoformat(), "kind": kind.value, "name": name, "recomputed": recomputed},
        )  # fmt: skip
    return row, recomputed


async def delete_day(actor: Principal, pk: int) -> int:
    """Remove a day (a local exception, or one day of an imported notice); the deadlines that counted it follow."""
    await require(actor, "manage", "calendar", None)
    async with in_transaction() as connection:
        row = await CalendarDay.select_for_update().using_db(connection).get(pk=pk)
        await row.delete(using_db=connection)
        recomputed = await clocks.recompute(connection, days=[row.date], reason="local", actor_id=actor.user_id)
        await record_event(
            type="admin.calendar_day.deleted", subject_type="calendar_day", subject_id=pk, audience=[],
            actor_id=actor.user_id, agency_id=actor.agency_id, using_db=connection,
            payload={"date": row.date.isoformat(), "kind": row.kind.value, "recomputed": recomputed},
        )  # fmt: skip
    return recomputed


# -- the package ------------------------------------------------------------------------------------------------


@cache
def package_fingerprints() -> dict[int, str]:
    """Per year the installed package carries, a digest of its days: a new version that changes a year shows."""
    days: dict[int, list[NoticeDay]] = {year: [] for year in calendar.PACKAGE_YEARS}
    for day in calendar.PACKAGE_HOLIDAYS:
        days[day.year].append(NoticeDay(day, DayKind.HOLIDAY))
    for day in calendar.PACKAGE_WORKDAYS:
        days[day.year].append(NoticeDay(day, DayKind.WORKDAY))
    return {year: _fingerprint(listed) for year, listed in days.items()}


async def sync_package() -> int:
    """Record the years the installed package carries; when it carries a new year or changed one (an upgrade),
    count the open deadlines of those years again. Return how many moved. One instance at a time does it."""
    async with exclusive("calendar-package") as connection:
        if connection is None:
            return 0
        stored = {n.year: n for n in await CalendarNotice.filter(source=YearSource.PACKAGE).using_db(connection)}
        current = package_fingerprints()
        changed = sorted(
            {y for y, f in current.items() if y not in stored or stored[y].fingerprint != f}
            | {y for y in stored if y not in current}
        )
        if not changed:
            return 0
        notices = await CalendarNotice.filter(source=YearSource.NOTICE).using_db(connection).values("year")
        imported = {int(n["year"]) for n in notices}
        for year in changed:
            if year not in current:
                await stored[year].delete(using_db=connection)
            elif year not in imported:
                await CalendarNotice.update_or_create(
                    defaults={"source": YearSource.PACKAGE, "fingerprint": current[year],
                              "title": f"{year}年部分节假日安排(chinesecalendar)"},
                    year=year, using_db=connection,
                )  # fmt: skip
        return await clocks.recompute(connection, years=changed, reason="package")


def _fingerprint(days: Sequence[NoticeDay]) -> str:
    text = "\n".join(sorted(f"{d.day.isoformat()} {d.kind.value}" for d in days))
    return hashlib.sha256(text.encode()).hexdigest()


# -- the warning ------------------------------------------------------------------------------------------------


def missing_year(now: datetime, calendar: WorkingCalendar) -> int | None:
    """Next year, from 1 November while its notice is not loaded; otherwise None."""
    today = now.astimezone(CHINA).date()
    if today.month < WARN_FROM_MONTH:
        return None
    year = today.year + 1
    return year if calendar.source(year) is YearSource.PROVISIONAL else None


async def warn_missing_year(now: datetime | None = None) -> bool:
    """Tell the system administrators (a `calendar.missing_year` event, once a day at most) that next year's notice
    is not loaded, so that its deadlines are provisional."""
    now = (now or datetime.now(UTC)).astimezone(UTC)  # SQLite compares datetimes as text: UTC on both sides
    async with exclusive("calendar-warning") as connection:
        if connection is None:
            return False
        year = missing_year(now, await WorkingCalendar.load(using_db=connection))
        if year is None:
            return False
        day_ago = now - timedelta(days=1)
        if await Event.filter(type="calendar.missing_year", subject_id=year, occurred_at__gt=day_ago) \
                .using_db(connection).exists():  # fmt: skip
            return False
        await record_event(
            type="calendar.missing_year", subject_type="calendar", subject_id=year, occurred_at=now,
            audience=await agencies_holding(Role.SYSTEM_ADMIN, using_db=connection), using_db=connection,
            payload={"year": year, "message": f"{year}年节假日安排尚未导入:跨入{year}年的期限为暂定值"},
        )  # fmt: skip
        return True
