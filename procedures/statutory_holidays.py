"""The holidays the Regulation on National Annual Holidays (全国年节及纪念日放假办法, Art 2 as revised in 2024, in force
from 2025) gives every year, for a year whose State Council notice nobody has published yet.

Only the statutory days themselves: the notice also moves working days onto weekends (调休) and makes up a holiday
that falls on a weekend (补假, Art 6), and where it puts those cannot be known ahead. A deadline counted over such a
year is therefore provisional (`procedures.calendar`).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import chinese_calendar
from lunardate import LunarDate

# The lunar-calendar package's range (and the solar terms'); beyond it only weekends are known.
FIRST_YEAR, LAST_YEAR = 1901, 2099


@cache
def statutory_holidays(year: int) -> dict[date, str]:
    """The statutory holidays of `year` by date, named as the notices name them."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return {}
    new_year = LunarDate(year, 1, 1).to_solar_date()
    qingming = next(
        d for d, term in chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10)) if term == "清明"
    )
    days: dict[date, str] = {date(year, 1, 1): "元旦"}
    days.update({new_year + timedelta(days=n): "春节" for n in range(-1, 3)})  # 除夕 to 正月初三
    days[qingming] = "清明节"
    days.update({date(year, 5, 1): "劳动节", date(year, 5, 2): "劳动节"})
    days[LunarDate(year, 5, 5).to_solar_date()] = "端午节"
    days[LunarDate(year, 8, 15).to_solar_date()] = "中秋节"
    days.update({date(year, 10, n): "国庆节" for n in (1, 2, 3)})
    return days
