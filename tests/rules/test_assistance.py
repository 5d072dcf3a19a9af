"""R-D1: written assistance requests, which the asked agency must answer, a refusal always with its reason."""

from __future__ import annotations

from datetime import datetime

import pytest

from models import Agency, AssistanceRequest, Event, User
from models.enums import AssistanceKind, AssistanceStatus
from permissions.principal import Principal, user_subject
from procedures import assistance
from procedures.access import AccessDenied
from procedures.calendar import CHINA
from tests.conftest import Api
from tests.graphql.matrix_world import gid


async def actor(username: str) -> Principal:
    user = await User.get(username=username)
    return Principal(subject=user_subject(user.id), agency_id=user.agency_id, user_id=user.id, username=username)


async def _ask(username: str = "nph_zhang", *, to: str = "黄骅市监", at: datetime | None = None) -> AssistanceRequest:
    requested = await Agency.get(code=to)
    data = assistance.RequestInput(requested_id=requested.id, kind=AssistanceKind.TECHNICAL_SUPPORT,
                                   needed="请协助对涉案食品抽样检测", reason="乡镇不具备检测条件")  # fmt: skip
    return await assistance.request_assistance(await actor(username), data, at=at)


async def test_r_d1_a_written_request_is_numbered_and_its_answer_is_due_in_working_days() -> None:
    """R-D1: the request is a numbered assistance letter; the answer deadline counts working days (5 by default)."""
    request = await _ask(at=datetime(2026, 9, 30, 10, tzinfo=CHINA))
    assert request.number and request.number.startswith("南排河协〔2026〕")
    assert request.answer_deadline == datetime(2026, 10, 13, 23, 59, 59, tzinfo=CHINA)  # 8, 9, 10, 12, 13 Oct
    assert request.status is AssistanceStatus.SENT


async def test_r_d1_a_refusal_without_a_reason_is_refused_and_only_a_leader_refuses() -> None:
    """R-D1: the asked agency may not shirk: a refusal states its reason, and it is a leader's."""
    request = await _ask()
    with pytest.raises(AccessDenied):
        await assistance.refuse(await actor("scj_liu"), request.id, reason="人手不足")
    with pytest.raises(assistance.AssistanceError) as refused:
        await assistance.refuse(await actor("scj_leader"), request.id, reason="  ")
    assert refused.value.code == "REASON_REQUIRED"
    assert (await AssistanceRequest.get(id=request.id)).status is AssistanceStatus.SENT
    done = await assistance.refuse(await actor("scj_leader"), request.id, reason="检测设备检修,无法按期检测")
    assert done.status is AssistanceStatus.REFUSED and done.refusal_reason


async def test_r_d1_every_request_is_answered_once_and_a_refusal_goes_to_the_common_superior() -> None:
    """R-D1: provide or partly provide; a refusal can be escalated to the common superior (the justice bureau)."""
    provided = await assistance.answer(await actor("scj_liu"), (await _ask()).id, partly=False, reply="检测报告见附件")
    assert provided.status is AssistanceStatus.PROVIDED
    with pytest.raises(assistance.AssistanceError) as again:
        await assistance.answer(await actor("scj_liu"), provided.id, partly=True, reply="补充")
    assert again.value.code == "INVALID_STATE"
    refused = await assistance.refuse(await actor("scj_leader"), (await _ask()).id, reason="不属本部门职权")
    escalated = await assistance.escalate_refusal(await actor("nph_zhang"), refused.id)
    assert escalated.status is AssistanceStatus.ESCALATED
    assert escalated.superior_id == (await Agency.get(name="黄骅市司法局")).id
    types = [e.type for e in await Event.filter(subject_type="assistance", subject_id=refused.id).order_by("id")]
    assert types == ["assistance.requested", "assistance.refused", "assistance.escalated"]


async def test_r_d1_unanswered_requests_show_as_overdue(api: Api) -> None:
    """R-D1: an unanswered request past its deadline is overdue (supervision reads the same filter)."""
    late = await _ask(at=datetime(2026, 1, 5, 10, tzinfo=CHINA))
    query = "query($o: Boolean) { assistanceRequests(first: 100, filter: {overdue: $o}) { edges { node { id } } } }"
    overdue = await api.data(query, {"o": True}, as_user="nph_zhang")
    ids = {edge["node"]["id"] for edge in overdue["assistanceRequests"]["edges"]}
    assert gid("AssistanceRequest", late.id) in ids
    on_time = await api.data(query, {"o": False}, as_user="nph_zhang")
    assert gid("AssistanceRequest", late.id) not in {e["node"]["id"] for e in on_time["assistanceRequests"]["edges"]}


async def test_r_d1_through_the_api(api: Api) -> None:
    """R-D1 via GraphQL: request, then a refusal without reason is a payload error."""
    market = gid("Agency", (await Agency.get(code="黄骅市监")).id)
    request = (
        'mutation($a: ID!) { requestAssistance(input: {requested: $a, kind: INFORMATION, needed: "许可信息"}) '
        "{ assistanceRequest { id number status answerDeadline } errors { code } } }"
    )
    body = await api.data(request, {"a": market}, as_user="nph_zhang")
    created = body["requestAssistance"]["assistanceRequest"]
    assert created["status"] == "SENT" and "协〔" in created["number"]
    refuse = 'mutation($r: ID!) { refuseAssistance(request: $r, reason: "") { errors { code field } } }'
    refused = await api.data(refuse, {"r": created["id"]}, as_user="scj_leader")
    assert refused["refuseAssistance"]["errors"] == [{"code": "REASON_REQUIRED", "field": "reason"}]
