"""R-A4, R-G2: every time limit counted as the law counts it, with the article that sets it and the one that says how
it is counted (Administrative Penalty Law Art 85, Civil Code Arts 202 and 203, Administrative Coercion Law Art 69)."""

from __future__ import annotations

from datetime import date, datetime

from models import TimeLimit
from models.enums import LimitUnit
from procedures.calendar import CHINA, WorkingCalendar
from procedures.time_limits import ART_85, DEFAULT_TIME_LIMITS, time_limit
from tests.conftest import Api


def _end(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 23, 59, 59, tzinfo=CHINA)


def test_law_art_85_every_period_of_2_3_5_or_7_days_counts_working_days() -> None:
    """Law Art 85: "二日""三日""五日""七日" are working days, wherever the limit comes from."""
    short = {k: d for k, d in DEFAULT_TIME_LIMITS.items() if d.amount in (2, 3, 5, 7) and d.unit is not LimitUnit.YEARS}
    assert "evidence.preservation" in short and "decision.service" in short
    for key, default in short.items():
        assert default.unit is LimitUnit.WORKING_DAYS, key


async def test_law_art_56_evidence_preservation_is_decided_within_7_working_days() -> None:
    """Law Art 56 with Art 85: registered and held evidence is decided on within 7 working days, not 7 days."""
    assert await time_limit("evidence.preservation") == (7, LimitUnit.WORKING_DAYS)
    row = await TimeLimit.get(key="evidence.preservation")
    assert "第五十六条" in row.source and row.counting_basis == ART_85
    calendar = await WorkingCalendar.load()
    # From Wednesday 30 September 2026: 1–7 October off; 8, 9, the make-up Saturday 10, 12, 13, 14 and 15 October.
    assert calendar.deadline(datetime(2026, 9, 30, 9, tzinfo=CHINA), 7, LimitUnit.WORKING_DAYS) == _end(2026, 10, 15)


async def test_law_art_61_a_decision_is_served_within_7_working_days() -> None:
    """Law Art 61 with Art 85: served within 7 working days when the party was not there."""
    assert await time_limit("decision.service") == (7, LimitUnit.WORKING_DAYS)


async def test_law_art_60_ninety_days_from_filing_ending_on_a_working_day_civil_code_art_203() -> None:
    """Law Art 60: 90 calendar days (not in Art 85's list); a last day that is a day off moves to the next working
    day (Civil Code Art 203): from 5 July 2026 the 90th day is 3 October, in the National Day holiday."""
    assert await time_limit("case.decision") == (90, LimitUnit.CALENDAR_DAYS)
    calendar = await WorkingCalendar.load()
    july = calendar.reckon(datetime(2026, 7, 5, 10, tzinfo=CHINA), 90, LimitUnit.CALENDAR_DAYS)
    assert july.at == _end(2026, 10, 8) and not july.provisional
    assert july.window == (date(2026, 10, 3), date(2026, 10, 8))
    plain = calendar.reckon(datetime(2026, 9, 30, 10, tzinfo=CHINA), 90, LimitUnit.CALENDAR_DAYS)
    assert plain.at == _end(2026, 12, 29)  # a Tuesday: nothing moves


async def test_law_art_36_two_years_end_on_the_same_day_or_the_months_last_civil_code_art_202() -> None:
    """Law Art 36: two years from the act; from 29 February the period ends on 28 February (Civil Code Art 202),
    which in 2026 is a make-up working Saturday, so it stays."""
    assert await time_limit("penalty.limitation") == (2, LimitUnit.YEARS)
    calendar = await WorkingCalendar.load()
    assert calendar.deadline(datetime(2024, 2, 29, 10, tzinfo=CHINA), 2, LimitUnit.YEARS) == _end(2026, 2, 28)
    # Sunday 1 March 2026 is a plain Sunday: the next working day is Monday 2 March.
    assert calendar.deadline(datetime(2024, 3, 1, 10, tzinfo=CHINA), 2, LimitUnit.YEARS) == _end(2026, 3, 2)


async def test_coercion_law_art_25_a_seizure_lasts_30_calendar_days() -> None:
    """Administrative Coercion Law Art 25, Art 69: 30 days (over ten days: calendar days), +30 with approval."""
    assert await time_limit("seizure.term") == (30, LimitUnit.CALENDAR_DAYS)
    assert await time_limit("seizure.extension") == (30, LimitUnit.CALENDAR_DAYS)


def test_every_time_limit_names_the_article_that_sets_it_and_how_it_is_counted() -> None:
    for key, default in DEFAULT_TIME_LIMITS.items():
        assert default.source and default.counting_basis, key


async def test_r_a4_time_limits_show_their_basis_and_a_provisional_forecast_through_graphql(api: Api) -> None:
    """R-A4: timeLimits gives each limit's basis, and when something started on 30 December would be due."""
    query = """{ timeLimits(first: 100) { edges { node { key source countingBasis
                 deadlineFrom(start: "2026-12-30T02:00:00Z") { dueAt provisional provisionalFrom } } } } }"""
    data = await api.data(query, as_user="nph_zhang")
    limits = {e["node"]["key"]: e["node"] for e in data["timeLimits"]["edges"]}
    assert set(DEFAULT_TIME_LIMITS) <= set(limits)
    send = limits["transfer.send"]
    assert send["deadlineFrom"] == {"dueAt": "2027-01-05T15:59:59+00:00", "provisional": True,
                                    "provisionalFrom": "2027-01-01"}  # fmt: skip
    urgent = limits["transfer.send_urgent"]["deadlineFrom"]
    assert urgent == {"dueAt": "2026-12-31T02:00:00+00:00", "provisional": False, "provisionalFrom": None}
    assert limits["evidence.preservation"]["countingBasis"] == ART_85
