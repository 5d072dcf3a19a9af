"""Working days (Law Art 85): weekdays, less the State Council's holidays, plus its make-up working days (调休).

Deadlines are computed in China's local time and stored as aware datetimes, at the end of the last day allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tortoise.backends.base.client import BaseDBAsyncClient

from models import CalendarDay, TimeLimit
from models.enums import DayKind, LimitUnit

CHINA = ZoneInfo("Asia/Shanghai")
_END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    holidays: frozenset[date]
    workdays: frozenset[date]  # weekend days that are working days

    @classmethod
    async def load(cls, *, using_db: BaseDBAsyncClient | None = None) -> WorkingCalendar:
        rows = await CalendarDay.all().using_db(using_db).values_list("date", "kind")
        return cls(
            holidays=frozenset(d for d, kind in rows if kind == DayKind.HOLIDAY),
            workdays=frozenset(d for d, kind in rows if kind == DayKind.WORKDAY),
        )

    def is_working_day(self, day: date) -> bool:
        if day in self.holidays:
            return False
        return day.weekday() < 5 or day in self.workdays

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

    def deadline(self, start: datetime, amount: int, unit: LimitUnit) -> datetime:
        """The last moment allowed for something whose clock started at `start`."""
        if unit is LimitUnit.HOURS:
            return start + timedelta(hours=amount)
        local_start = start.astimezone(CHINA).date()
        if unit is LimitUnit.WORKING_DAYS:
            last_day = self.add_working_days(local_start, amount)
        else:
            last_day = local_start + timedelta(days=amount)
        return datetime.combine(last_day, _END_OF_DAY, tzinfo=CHINA)


# The configurable time limits of DOMAIN.md, with their defaults. Administrators change the rows, not this table.
DEFAULT_TIME_LIMITS: dict[str, tuple[int, LimitUnit, str, str]] = {
    "transfer.send": (3, LimitUnit.WORKING_DAYS, "移送决定后送出移送", "河北、重庆乡镇移送规则(地方惯例)"),
    "transfer.send_urgent": (24, LimitUnit.HOURS, "紧急案件(安全、食品、环境)送出移送", "地方惯例"),
    "transfer.receipt": (2, LimitUnit.WORKING_DAYS, "接收方签收并出具送达回证", "地方惯例(可配置)"),
    "transfer.accept": (5, LimitUnit.WORKING_DAYS, "接收方决定接收或提出异议", "地方惯例(可配置)"),
    "case.filing": (15, LimitUnit.WORKING_DAYS, "线索核查后立案", "市场监管行政处罚程序规定"),
    "case.decision": (90, LimitUnit.CALENDAR_DAYS, "立案后作出处罚决定", "行政处罚法第六十条"),
    "case.extension": (30, LimitUnit.CALENDAR_DAYS, "经负责人批准延长处罚决定期限(最多)", "市场监管行政处罚程序规定"),
    "dispute.negotiation": (7, LimitUnit.WORKING_DAYS, "管辖争议协商", "市场监管投诉举报处理暂行办法第三十条"),
    "notice.response": (5, LimitUnit.WORKING_DAYS, "被告知部门反馈处理情况", "地方惯例(可配置)"),
    "clue.accept": (7, LimitUnit.WORKING_DAYS, "投诉举报受理或不予受理", "市场监管投诉举报处理暂行办法第十四条"),
    "clue.inform": (5, LimitUnit.WORKING_DAYS, "告知举报人处理结果", "市场监管投诉举报处理暂行办法第三十一条"),
    "assistance.answer": (5, LimitUnit.WORKING_DAYS, "答复执法协助请求", "行政处罚法第二十六条(期限为地方惯例)"),
    "supervision.warning": (2, LimitUnit.WORKING_DAYS, "期限届满前黄色预警(提前)", "本系统设置(可配置)"),
    "evidence.preservation": (7, LimitUnit.CALENDAR_DAYS, "先行登记保存后作出处理决定", "行政处罚法第五十六条"),
}


async def time_limit(key: str, *, using_db: BaseDBAsyncClient | None = None) -> tuple[int, LimitUnit]:
    """The configured limit, or its default when an administrator has not stored one."""
    row = await TimeLimit.filter(key=key).using_db(using_db).first()
    if row is not None:
        return row.amount, row.unit
    amount, unit, _, _ = DEFAULT_TIME_LIMITS[key]
    return amount, unit
