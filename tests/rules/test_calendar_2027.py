"""R-A4, R-G2: deadlines that cross into 2027, a year no notice covers yet (chinesecalendar carries notices through
2026). They are counted on the provisional calendar (weekends and the statutory holidays), flagged provisional, and
counted again, each with a `deadline.recomputed` event, when the 2027 notice is imported, a local exception changes
a day they counted, or the package is upgraded to carry 2027.

`NOTICE_2027` is a test fixture shaped like a State Council notice, not the real 2027 one (unpublished when this
was written): a nine-day Spring Festival with two weekend make-up days, as in 2026.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from models import Agency, CalendarNotice, Deadline, DeadlineAlert, Event, Matter, User
from models.enums import AlertLevel, AssistanceKind, ClueChannel, DayKind, DayOrigin, LimitUnit, YearSource
from permissions.principal import Principal
from procedures import assistance, clocks, clue, deadlines, holiday_notices, notification
from procedures import calendar as working_days
from procedures import transfer as procedure
from procedures.access import AccessDenied
from procedures.calendar import CHINA, WorkingCalendar
from procedures.holiday_notices import NoticeDay
from procedures.statutory_holidays import statutory_holidays
from tests.conftest import Api
from tests.graphql.matrix_world import gid
from tests.rules.test_transfer import _new_case, _officer_ids, _start, actor

H, W = DayKind.HOLIDAY, DayKind.WORKDAY
NOTICE_2027 = [
    *(NoticeDay(date(2027, 1, d), H, "元旦") for d in (1, 2, 3)),
    *(NoticeDay(date(2027, 2, d), H, "春节") for d in range(5, 14)),
    NoticeDay(date(2027, 2, 14), W, "春节调休上班"), NoticeDay(date(2027, 2, 20), W, "春节调休上班"),
    *(NoticeDay(date(2027, 4, d), H, "清明节") for d in (3, 4, 5)),
    *(NoticeDay(date(2027, 5, d), H, "劳动节") for d in range(1, 6)), NoticeDay(date(2027, 4, 25), W, "劳动节调休上班"),
    *(NoticeDay(date(2027, 10, d), H, "国庆节") for d in range(1, 8)),
]  # fmt: skip
DEC_30 = datetime(2026, 12, 30, 10, tzinfo=CHINA)  # a Wednesday


def end_of(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 23, 59, 59, tzinfo=CHINA)


async def _admin() -> Principal:
    return await actor("admin")


async def _clock(subject_type: str, subject_id: int, kind: str) -> Deadline:
    return await Deadline.get(subject_type=subject_type, subject_id=subject_id, kind=kind)


async def _start_every_clock(tag: str) -> dict[str, tuple[str, int]]:
    """Each clock of the guidance started on 30 December 2026 (the decision clocks on 10 November), left running:
    kind → (subject type, subject ID)."""
    zhang, leader, liu = await actor("nph_zhang"), await actor("nph_leader"), await actor("scj_liu")
    officers = await _officer_ids("nph_zhang", "nph_li")
    market = await Agency.get(code="黄骅市监")
    at = DEC_30
    drafted = await procedure.start_transfer(zhang, _start(await _new_case(f"{tag}-send"), officers), at=at)
    sent = await procedure.start_transfer(zhang, _start(await _new_case(f"{tag}-receipt"), officers), at=at)
    await procedure.send(leader, sent.id, at=at)
    received = await procedure.start_transfer(zhang, _start(await _new_case(f"{tag}-accept"), officers), at=at)
    await procedure.send(leader, received.id, at=at)
    await procedure.confirm_receipt(liu, received.id, procedure.ReceiptInput(place="收文室"), at=at)
    disputed = await procedure.start_transfer(zhang, _start(await _new_case(f"{tag}-dispute"), officers), at=at)
    await procedure.send(leader, disputed.id, at=at)
    await procedure.confirm_receipt(liu, disputed.id, procedure.ReceiptInput(place="收文室"), at=at)
    dispute = await procedure.dispute(liu, disputed.id, reason="应由乡镇管辖", at=at)
    taken = await procedure.start_transfer(zhang, _start(await _new_case(f"{tag}-filing"), officers), at=at)
    await procedure.send(leader, taken.id, at=at)
    await procedure.confirm_receipt(liu, taken.id, procedure.ReceiptInput(place="收文室"), at=at)
    await procedure.accept(liu, taken.id, at=at)  # the filing clock starts at the receiver

    filed = datetime(2026, 11, 10, 10, tzinfo=CHINA)
    plain = await procedure.file_case(zhang, (await _new_case(f"{tag}-decision")).id, at=filed)
    longer = await procedure.file_case(zhang, (await _new_case(f"{tag}-extended")).id, at=filed)
    await procedure.extend_decision(
        leader, longer.id, days=30, reason="案情复杂,经负责人批准", at=filed + timedelta(days=10)
    )
    await procedure.suspend_case(zhang, longer.id, reason="送检", at=datetime(2026, 12, 1, 10, tzinfo=CHINA))
    await procedure.resume_case(zhang, longer.id, at=datetime(2026, 12, 8, 10, tzinfo=CHINA))

    notice = await notification.notify(
        zhang,
        notification.NoticeInput(
            place="南排河镇渔港", found_at=at, facts="无证经营冷库", dissuasion="当场劝阻", receiver_id=market.id
        ),
        at=at,
    )
    registrar = await actor("nph_registrar")
    kept = await Matter.get(code="SC-009")
    data = clue.RegisterInput(
        channel=ClueChannel.HOTLINE_12345,
        content="某作坊用非食品原料加工海产品",
        matter_id=kept.id,
        complainant=clue.ComplainantInput(name="陈先生", phone="13900000000"),
    )
    registered = await clue.register(registrar, data, at=at)
    unreachable = replace(data, complainant=clue.ComplainantInput(name="陈先生"))  # told the outcome when reachable
    passed = await clue.pass_on(registrar, (await clue.register(registrar, unreachable, at=at)).id, at=at)
    request = await assistance.request_assistance(
        zhang,
        assistance.RequestInput(
            requested_id=market.id, kind=AssistanceKind.INFORMATION, needed="请提供登记信息", reason="核实经营主体"
        ),
        at=at,
    )
    return {
        "transfer.send": ("transfer", drafted.id),
        "transfer.receipt": ("transfer", sent.id),
        "transfer.accept": ("transfer", received.id),
        "dispute.negotiation": ("dispute", dispute.id),
        "case.filing": ("case", taken.case_id),
        "case.decision": ("case", plain.id),
        "case.decision+": ("case", longer.id),
        "notice.response": ("notice", notice.id),
        "clue.accept": ("clue", registered.id),
        "clue.inform": ("clue", passed.id),
        "assistance.answer": ("assistance", request.id),
    }


# The deadlines of the clocks above on the provisional 2027 calendar (1 January a holiday, weekends off; the
# Spring Festival 5 to 8 February), and with NOTICE_2027 loaded.
PROVISIONAL = {
    "transfer.send": end_of(2027, 1, 5),  # 31 Dec, 4 and 5 Jan: three working days
    "transfer.receipt": end_of(2027, 1, 4),
    "transfer.accept": end_of(2027, 1, 7),
    "dispute.negotiation": end_of(2027, 1, 11),
    "case.filing": end_of(2027, 1, 21),  # fifteen working days
    "case.decision": end_of(2027, 2, 9),  # the 90th day, 8 Feb, is 正月初三: the next working day
    "case.decision+": end_of(2027, 3, 17),  # 90 + 30 + the 7 days suspended, a Wednesday
    "notice.response": end_of(2027, 1, 7),
    "clue.accept": end_of(2027, 1, 11),
    "clue.inform": end_of(2027, 1, 7),
    "assistance.answer": end_of(2027, 1, 7),
}
WITH_NOTICE = PROVISIONAL | {"case.decision": end_of(2027, 2, 14)}  # the holiday runs to 13 Feb; Sunday 14 works


async def _deadline_of(kind: str, subject: tuple[str, int]) -> datetime:
    watch = clocks.WATCH_OF_KIND[kind.rstrip("+")]
    value: datetime = (await watch.model.filter(id=subject[1]).values_list(watch.deadline, flat=True))[0]  # type: ignore[assignment]
    return value


def test_r_a4_the_statutory_holidays_are_among_the_holidays_of_the_2025_and_2026_notices() -> None:
    """R-A4: the Regulation's 13 days, computed from the lunar calendar, are holidays in each published notice."""
    for year in (2025, 2026):
        computed = statutory_holidays(year)
        assert len(computed) == 13
        assert set(computed) <= set(working_days.PACKAGE_HOLIDAYS), year
    assert sorted(d for d, n in statutory_holidays(2027).items() if n == "春节") == [
        date(2027, 2, 5),
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),
    ]


async def test_r_a4_a_year_no_notice_covers_is_counted_provisionally_on_weekends_and_statutory_holidays() -> None:
    """R-A4: 2027 is provisional: 1 January and the Spring Festival are off, a Monday in January works."""
    calendar = await WorkingCalendar.load()
    assert calendar.source(2026) is YearSource.PACKAGE and calendar.source(2027) is YearSource.PROVISIONAL
    assert not calendar.is_working_day(date(2027, 1, 1)) and not calendar.is_working_day(date(2027, 2, 8))
    assert calendar.is_working_day(date(2027, 1, 4)) and not calendar.is_working_day(date(2027, 1, 9))
    due = calendar.reckon(DEC_30, 3, LimitUnit.WORKING_DAYS)
    assert due.at == end_of(2027, 1, 5) and due.provisional_from == date(2027, 1, 1)
    assert not calendar.reckon(datetime(2026, 12, 1, tzinfo=CHINA), 3, LimitUnit.WORKING_DAYS).provisional


async def test_r_a4_r_g2_every_clock_across_the_new_year_is_provisional_then_counted_again_when_the_notice_comes(
    api: Api, calendar_restored: None
) -> None:
    """R-A4, R-G2: every clock started on 30 December is provisional; importing the 2027 notice counts each again in
    one transaction, with a deadline.recomputed event naming old and new values; warnings follow the new value."""
    started = await _start_every_clock("XY1")
    for kind, subject in started.items():
        assert await _deadline_of(kind, subject) == PROVISIONAL[kind], kind
        clock = await _clock(subject[0], subject[1], kind.rstrip("+"))
        assert clock.provisional and clock.due_at == PROVISIONAL[kind], kind

    # R-G2: a warning raised of a provisional deadline says so.
    await deadlines.sweep(at=datetime(2027, 1, 4, 9, tzinfo=CHINA))
    drafted = started["transfer.send"][1]
    [yellow] = await DeadlineAlert.filter(subject_type="transfer", subject_id=drafted, kind="transfer.send")
    assert yellow.level is AlertLevel.YELLOW and yellow.provisional

    plain = started["case.decision"][1]
    body = await api.data(
        "query($id: ID!) { node(id: $id) { ... on Case { decisionDeadline "
        "deadlines { kind provisional provisionalFrom dueAt } } } }",
        {"id": gid("Case", plain)},
        as_user="nph_zhang",
    )
    [decision] = [d for d in body["node"]["deadlines"] if d["kind"] == "case.decision"]
    assert decision["provisional"] is True and decision["provisionalFrom"] == "2027-02-08"

    first = await Event.all().order_by("-id").first()
    title = "国务院办公厅关于2027年部分节假日安排的通知(测试)"
    imported = await holiday_notices.import_notice(await _admin(), 2027, NOTICE_2027, title=title)
    assert imported.recomputed >= len(started)
    for kind, subject in started.items():
        assert await _deadline_of(kind, subject) == WITH_NOTICE[kind], kind
        assert not (await _clock(subject[0], subject[1], kind.rstrip("+"))).provisional, kind
    recomputed = await Event.filter(
        type="deadline.recomputed", id__gt=first.id if first else 0, subject_type="case", subject_id=plain
    )
    moves = [
        (e.payload["old"], e.payload["new"], e.payload["provisionalBefore"], e.payload["provisional"])
        for e in recomputed
    ]
    assert moves == [("2027-02-09T15:59:59+00:00", "2027-02-14T15:59:59+00:00", True, False)]
    assert recomputed[0].case_id == plain
    assert await Event.exists(type="calendar.notice_imported", subject_id=2027)

    # The same clocks started now that the notice is loaded give the same deadlines, none provisional.
    again = await _start_every_clock("XY2")
    for kind, subject in again.items():
        assert await _deadline_of(kind, subject) == WITH_NOTICE[kind], kind
        assert not (await _clock(subject[0], subject[1], kind.rstrip("+"))).provisional, kind

    # R-G2: on 10 February the old deadline had passed, the new one has not: no red warning yet.
    await deadlines.sweep(at=datetime(2027, 2, 10, 12, tzinfo=CHINA))
    assert not await DeadlineAlert.exists(
        subject_type="case", subject_id=plain, kind="case.decision", level=AlertLevel.RED
    )
    await deadlines.sweep(at=datetime(2027, 2, 15, 1, tzinfo=CHINA))
    red = await DeadlineAlert.filter(subject_type="case", subject_id=plain, level=AlertLevel.RED)
    assert [(a.kind, a.deadline) for a in red] == [("case.decision", WITH_NOTICE["case.decision"])]


async def test_r_a4_a_local_exception_beats_the_package_and_moves_the_deadlines_that_counted_it(
    calendar_restored: None,
) -> None:
    """R-A4: a typhoon closure on 31 December 2026 (a package year) moves a running 3-working-day clock to 6 January;
    removing it moves it back. Each change is one transaction with its events."""
    zhang = await actor("nph_zhang")
    officers = await _officer_ids("nph_zhang", "nph_li")
    drafted = await procedure.start_transfer(zhang, _start(await _new_case("XY-local"), officers), at=DEC_30)
    assert drafted.send_deadline == end_of(2027, 1, 5)
    row, moved = await holiday_notices.save_exception(
        await _admin(), None, day=date(2026, 12, 31), kind=H, name="台风停工"
    )
    assert moved >= 1 and row.origin is DayOrigin.LOCAL
    assert (await WorkingCalendar.load()).is_working_day(date(2026, 12, 31)) is False
    assert await _deadline_of("transfer.send", ("transfer", drafted.id)) == end_of(2027, 1, 6)
    await holiday_notices.delete_day(await _admin(), row.id)
    assert await _deadline_of("transfer.send", ("transfer", drafted.id)) == end_of(2027, 1, 5)
    events = await Event.filter(type="deadline.recomputed", subject_type="transfer", subject_id=drafted.id).order_by(
        "id"
    )
    assert [e.payload["new"][:10] for e in events] == ["2027-01-06", "2027-01-05"]


async def test_r_a4_a_package_that_starts_carrying_2027_settles_the_provisional_deadlines(
    monkeypatch: pytest.MonkeyPatch, calendar_restored: None
) -> None:
    """R-A4: the chinesecalendar package upgraded to carry 2027: the next sync counts the open clocks again."""
    zhang = await actor("nph_zhang")
    officers = await _officer_ids("nph_zhang", "nph_li")
    drafted = await procedure.start_transfer(zhang, _start(await _new_case("XY-package"), officers), at=DEC_30)
    assert (await _clock("transfer", drafted.id, "transfer.send")).provisional
    assert await holiday_notices.sync_package() == 0  # nothing changed since the seeds recorded the package
    upgraded = {d.day: d.name for d in NOTICE_2027 if d.kind is H}
    monkeypatch.setattr(working_days, "PACKAGE_HOLIDAYS", working_days.PACKAGE_HOLIDAYS | upgraded)
    monkeypatch.setattr(
        working_days,
        "PACKAGE_WORKDAYS",
        working_days.PACKAGE_WORKDAYS | {d.day: d.name for d in NOTICE_2027 if d.kind is W},
    )
    monkeypatch.setattr(working_days, "PACKAGE_YEARS", working_days.PACKAGE_YEARS | {2027})
    holiday_notices.package_fingerprints.cache_clear()
    try:
        assert await holiday_notices.sync_package() >= 1
        assert (await CalendarNotice.get(year=2027)).source == YearSource.PACKAGE
        assert not (await _clock("transfer", drafted.id, "transfer.send")).provisional
    finally:
        monkeypatch.undo()
        holiday_notices.package_fingerprints.cache_clear()
    assert await holiday_notices.sync_package() >= 1  # the year is gone again: provisional again
    assert (await _clock("transfer", drafted.id, "transfer.send")).provisional


async def test_r_a4_an_imported_notice_is_checked_before_anything_is_written() -> None:
    """R-A4: days of another year, a weekday listed as a make-up day or no holiday at all are refused, whole."""
    bad = [NoticeDay(date(2028, 1, 1), H, "元旦"), NoticeDay(date(2027, 3, 3), W, "调休")]
    with pytest.raises(holiday_notices.CalendarError) as refused:
        await holiday_notices.import_notice(await _admin(), 2027, bad, title="x")
    assert refused.value.code == "INVALID_NOTICE" and "2028-01-01" in str(refused.value)
    assert not await CalendarNotice.exists(year=2027)
    with pytest.raises(AccessDenied):
        await holiday_notices.import_notice(await actor("nph_zhang"), 2027, NOTICE_2027, title="x")


async def test_r_g2_from_1_november_the_system_administrators_hear_once_a_day_that_next_year_is_missing(
    calendar_restored: None,
) -> None:
    """R-G2: a calendar.missing_year event to the system administrators' agency, at most once a day, from 1 Nov."""
    admin = await User.get(username="admin")
    assert not await holiday_notices.warn_missing_year(datetime(2026, 10, 31, 12, tzinfo=CHINA))
    base = datetime(2026, 11, 2, 9, tzinfo=CHINA)
    before = await Event.filter(type="calendar.missing_year").count()
    assert await holiday_notices.warn_missing_year(base)
    assert not await holiday_notices.warn_missing_year(base + timedelta(hours=23))
    assert await holiday_notices.warn_missing_year(base + timedelta(hours=25))
    warned = await Event.filter(type="calendar.missing_year").order_by("-id").first()
    assert warned is not None and warned.payload["year"] == 2027
    audience = await warned.audience.all().values_list("agency_id", flat=True)  # type: ignore[attr-defined]
    nanpaihe = await Agency.get(code="南排河")  # where no system administrator works
    assert admin.agency_id in audience and nanpaihe.id not in audience
    assert await Event.filter(type="calendar.missing_year").count() == before + 2
    await holiday_notices.import_notice(await _admin(), 2027, NOTICE_2027, title="2027年通知(测试)")
    assert not await holiday_notices.warn_missing_year(base + timedelta(days=3))
