"""R-G2: the deadline sweep warns before each deadline (yellow) and after it (red), once, on one instance at a time."""

from __future__ import annotations

import asyncio
from datetime import datetime

import asyncpg
import pytest

from models import Agency, AssistanceRequest, DeadlineAlert, Event, EventAudience, Notice, User
from models.enums import AlertLevel, AssistanceKind
from permissions.principal import Principal, user_subject
from procedures import assistance, deadlines, notification
from procedures.calendar import CHINA
from procedures.exclusive import lock_key
from tests.conftest import Api, error_codes


async def actor(username: str) -> Principal:
    user = await User.get(username=username)
    return Principal(subject=user_subject(user.id), agency_id=user.agency_id, user_id=user.id, username=username)


async def _ask(at: datetime) -> AssistanceRequest:
    market = await Agency.get(code="黄骅市监")
    data = assistance.RequestInput(requested_id=market.id, kind=AssistanceKind.INFORMATION,
                                   needed="请提供该店铺的登记信息", reason="核实经营主体")  # fmt: skip
    return await assistance.request_assistance(await actor("nph_zhang"), data, at=at)


async def _alerts(subject_type: str, subject_id: int) -> list[tuple[str, AlertLevel]]:
    rows = await DeadlineAlert.filter(subject_type=subject_type, subject_id=subject_id).order_by("id")
    return [(a.kind, a.level) for a in rows]


async def test_r_g2_a_yellow_warning_n_working_days_before_and_a_red_event_after_the_deadline() -> None:
    """R-G2: answer due 13 Oct (5 working days from 30 Sep); warned 2 working days ahead (10 Oct is a make-up day)."""
    request = await _ask(datetime(2026, 9, 30, 10, tzinfo=CHINA))
    assert request.answer_deadline == datetime(2026, 10, 13, 23, 59, 59, tzinfo=CHINA)

    await deadlines.sweep(at=datetime(2026, 10, 9, 12, tzinfo=CHINA))  # the 2nd working day ahead is 12 Oct
    assert await _alerts("assistance", request.id) == []

    swept = await deadlines.sweep(at=datetime(2026, 10, 10, 9, tzinfo=CHINA))
    assert swept.ran and swept.raised[("assistance.answer", AlertLevel.YELLOW)] >= 1
    assert await _alerts("assistance", request.id) == [("assistance.answer", AlertLevel.YELLOW)]
    warning = await Event.get(type="deadline.warning", subject_type="assistance", subject_id=request.id)
    assert warning.payload["kind"] == "assistance.answer" and warning.agency_id == request.requested_id
    audience: list[int] = await EventAudience.filter(event_id=warning.id).values_list("agency_id", flat=True)  # type: ignore[assignment]
    assert sorted(audience) == sorted([request.requested_id, request.requester_id])

    await deadlines.sweep(at=datetime(2026, 10, 11, 9, tzinfo=CHINA))  # again: nothing new
    assert await _alerts("assistance", request.id) == [("assistance.answer", AlertLevel.YELLOW)]

    await deadlines.sweep(at=datetime(2026, 10, 14, 0, 0, 1, tzinfo=CHINA))
    assert await _alerts("assistance", request.id) == [
        ("assistance.answer", AlertLevel.YELLOW),
        ("assistance.answer", AlertLevel.RED),
    ]
    assert await Event.filter(type="deadline.overdue", subject_type="assistance", subject_id=request.id).count() == 1


async def test_r_g2_what_was_done_in_time_is_never_warned_of() -> None:
    """R-G2: an answered request has nothing due."""
    request = await _ask(datetime(2026, 9, 30, 10, tzinfo=CHINA))
    await assistance.answer(await actor("scj_liu"), request.id, partly=False, reply="登记信息见附件",
                            at=datetime(2026, 10, 8, 10, tzinfo=CHINA))  # fmt: skip
    await deadlines.sweep(at=datetime(2026, 10, 20, 9, tzinfo=CHINA))
    assert await _alerts("assistance", request.id) == []


async def test_r_g2_a_deadline_that_moves_is_warned_of_again() -> None:
    """R-G2: the alert is per deadline: a later deadline (here set by hand) gets its own warnings."""
    market = await Agency.get(code="黄骅市监")
    notice = await notification.notify(
        await actor("nph_zhang"),
        notification.NoticeInput(place="南排河镇渔港", found_at=datetime(2026, 11, 2, 8, tzinfo=CHINA),
                                 facts="无证经营冷库", dissuasion="当场劝阻", receiver_id=market.id),
        at=datetime(2026, 11, 2, 10, tzinfo=CHINA),
    )  # fmt: skip
    await deadlines.sweep(at=datetime(2026, 11, 10, 0, 0, 1, tzinfo=CHINA))
    assert await _alerts("notice", notice.id) == [("notice.response", AlertLevel.RED)]
    await Notice.filter(id=notice.id).update(response_deadline=datetime(2026, 11, 20, 23, 59, 59, tzinfo=CHINA))
    await deadlines.sweep(at=datetime(2026, 11, 19, 9, tzinfo=CHINA))
    assert await _alerts("notice", notice.id) == [
        ("notice.response", AlertLevel.RED),
        ("notice.response", AlertLevel.YELLOW),
    ]


async def test_r_g2_two_sweeps_at_once_raise_each_warning_once() -> None:
    """R-G2: sweeps that overlap in one process: one runs, the other steps aside."""
    request = await _ask(datetime(2026, 9, 30, 10, tzinfo=CHINA))
    at = datetime(2026, 10, 15, 9, tzinfo=CHINA)
    first, second = await asyncio.gather(deadlines.sweep(at=at), deadlines.sweep(at=at))
    assert sorted([first.ran, second.ran]) == [False, True]
    assert await _alerts("assistance", request.id) == [("assistance.answer", AlertLevel.RED)]


async def test_r_g2_another_instance_holding_the_lock_keeps_this_one_from_sweeping(database_url: str) -> None:
    """R-G2: across instances, the PostgreSQL advisory lock lets one sweep; the others skip, and write nothing."""
    if not database_url.startswith("postgres"):
        pytest.skip("instances share one database only on PostgreSQL")
    request = await _ask(datetime(2026, 9, 30, 10, tzinfo=CHINA))
    at = datetime(2026, 10, 15, 9, tzinfo=CHINA)
    other = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        async with other.transaction():
            assert await other.fetchval("SELECT pg_try_advisory_xact_lock($1)", lock_key("deadline-sweep"))
            assert (await deadlines.sweep(at=at)).ran is False
            assert await _alerts("assistance", request.id) == []
    finally:
        await other.close()
    assert (await deadlines.sweep(at=at)).ran is True
    assert await _alerts("assistance", request.id) == [("assistance.answer", AlertLevel.RED)]


ALERTS = """query($f: DeadlineAlertFilter) { deadlineAlerts(filter: $f, first: 100) {
  edges { node { kind level subjectType subjectId deadline agency { code } event { type } } } } }"""


async def test_r_g2_the_agency_that_owes_the_act_and_the_supervisor_see_its_warnings(api: Api) -> None:
    """R-G2: warnings are listed for the agency whose act is due, and county-wide for the supervisor."""
    request = await _ask(datetime(2026, 9, 30, 10, tzinfo=CHINA))
    await deadlines.sweep(at=datetime(2026, 10, 14, 9, tzinfo=CHINA))
    wanted = {"levels": ["RED"], "kinds": ["assistance.answer"]}
    mine = [
        [edge["node"] for edge in (await api.data(ALERTS, {"f": wanted}, as_user=reader))["deadlineAlerts"]["edges"]]
        for reader in ("scj_liu", "sfj_supervisor", "nph_zhang")
    ]
    expected = {"kind": "assistance.answer", "level": "RED", "subjectType": "assistance", "subjectId": request.id,
                "deadline": "2026-10-13T15:59:59+00:00", "agency": {"code": "黄骅市监"},
                "event": {"type": "deadline.overdue"}}  # fmt: skip
    market, supervisor, requester = mine
    assert expected in market and expected in supervisor
    assert expected not in requester  # the requester is told by the event, not owed the act
    bad = await api.query(ALERTS, {"f": {"agencies": ["not-an-id"]}}, as_user="scj_liu")
    assert error_codes(bad) == ["BAD_USER_INPUT"]
