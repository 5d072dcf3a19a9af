"""R-B1: suspected violations found on patrol are dissuaded, then notified to the agency whose remit they are in."""

from __future__ import annotations

from datetime import datetime

import pytest

from models import Agency, Case, Event, Matter, Notice, User
from models.enums import CaseSource, NoticeOutcome, NoticeStatus
from permissions.principal import Principal, user_subject
from procedures import notification
from procedures.access import AccessDenied
from procedures.calendar import CHINA
from tests.conftest import Api
from tests.graphql.matrix_world import gid


async def actor(username: str) -> Principal:
    user = await User.get(username=username)
    return Principal(subject=user_subject(user.id), agency_id=user.agency_id, user_id=user.id, username=username)


def _input(**changes: object) -> notification.NoticeInput:
    values: dict[str, object] = {
        "place": "南排河镇渔港",
        "found_at": datetime(2026, 9, 30, 8, tzinfo=CHINA),
        "facts": "流动摊贩销售无标签冷冻食品",
        "dissuasion": "当场劝阻,责令停止销售",
        **changes,
    }
    return notification.NoticeInput(**values)  # type: ignore[arg-type]


async def test_r_b1_a_township_notifies_the_department_the_catalog_names_and_its_clock_runs_in_working_days() -> None:
    """R-B1: the township dissuades, then notifies the competent department (proposed from the matter)."""
    kept = await Matter.get(code="SC-009")
    notice = await notification.notify(await actor("nph_zhang"), _input(matter_id=kept.id),
                                       at=datetime(2026, 9, 30, 10, tzinfo=CHINA))  # fmt: skip
    assert notice.receiver_id == (await Agency.get(code="黄骅市监")).id
    assert notice.number and notice.number.startswith("南排河告〔2026〕")
    assert notice.response_deadline == datetime(2026, 10, 13, 23, 59, 59, tzinfo=CHINA)  # 5 working days
    assert notice.dissuasion == "当场劝阻,责令停止销售"


async def test_r_b1_the_other_direction_and_refusals() -> None:
    """R-B1: a county department notifies a township; within one's own remit there is nothing to notify."""
    nph = await Agency.get(code="南排河")
    notice = await notification.notify(await actor("scj_liu"), _input(receiver_id=nph.id))
    assert notice.sender_id == (await Agency.get(code="黄骅市监")).id and notice.receiver_id == nph.id
    with pytest.raises(notification.NoticeError) as own:
        await notification.notify(await actor("nph_zhang"), _input(receiver_id=nph.id))
    assert own.value.code == "SAME_AGENCY"
    with pytest.raises(notification.NoticeError) as nothing:
        await notification.notify(await actor("nph_zhang"), _input(dissuasion=" "))
    assert nothing.value.code == "REASON_REQUIRED"
    with pytest.raises(AccessDenied):
        await notification.notify(await actor("sfj_supervisor"), _input(receiver_id=nph.id))


async def test_r_b1_the_department_acknowledges_and_reports_or_opens_a_case_in_one_step() -> None:
    """R-B1: the notified agency must investigate promptly and report what it did; a notice becomes its case."""
    market = await Agency.get(code="黄骅市监")
    first = await notification.notify(await actor("nph_zhang"), _input(receiver_id=market.id))
    with pytest.raises(AccessDenied):
        await notification.acknowledge(await actor("nph_li"), first.id)
    await notification.acknowledge(await actor("scj_liu"), first.id)
    reported = await notification.report(await actor("scj_liu"), first.id, outcome=NoticeOutcome.NO_VIOLATION,
                                         text="经核查,已办理许可")  # fmt: skip
    assert reported.status is NoticeStatus.REPORTED
    second = await notification.notify(await actor("nph_zhang"), _input(receiver_id=market.id))
    case = await notification.open_case(await actor("scj_liu"), second.id, title="销售无标签冷冻食品")
    assert case.agency_id == market.id and case.source is CaseSource.NOTICE
    assert case.territory_id == (await Agency.get(code="南排河")).id
    notice = await Notice.get(id=second.id)
    assert notice.outcome is NoticeOutcome.CASE_OPENED and notice.case_id == case.id
    types = [e.type for e in await Event.filter(subject_type="notice", subject_id=second.id).order_by("id")]
    assert types == ["notice.sent", "notice.reported"]
    assert await Case.filter(id=case.id).exists()


async def test_r_b1_overdue_notices_are_flagged(api: Api) -> None:
    """R-B1: a notice not reported by its deadline is overdue."""
    market = await Agency.get(code="黄骅市监")
    late = await notification.notify(await actor("nph_zhang"), _input(receiver_id=market.id),
                                     at=datetime(2026, 1, 5, 9, tzinfo=CHINA))  # fmt: skip
    query = "query($o: Boolean) { notices(first: 100, filter: {overdue: $o}) { edges { node { id } } } }"
    overdue = await api.data(query, {"o": True}, as_user="scj_liu")
    assert gid("Notice", late.id) in {edge["node"]["id"] for edge in overdue["notices"]["edges"]}
