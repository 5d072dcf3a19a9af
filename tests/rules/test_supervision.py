"""R-G1 and R-G2 (the parts built so far): the responsible head, and refusals in the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from models import Agency, AgencyHead, AssistanceRequest, Clue, DeadlineAlert, Dispute, Event, Transfer, User
from models.enums import AlertLevel
from procedures import deadlines
from tests.conftest import Api, error_codes
from tests.graphql.matrix_world import gid

APPOINT = """mutation($a: ID!, $u: ID!) { appointResponsibleHead(agency: $a, user: $u) {
  agency { head { username } } errors { code field } } }"""


async def test_r_g1_each_agency_names_its_responsible_head(api: Api) -> None:
    """R-G1: the agency's admin names an active member as the responsible head; the change is an event."""
    nph = await Agency.get(code="南排河")
    zhang, foreign = await User.get(username="nph_zhang"), await User.get(username="scj_liu")
    body = await api.data(APPOINT, {"a": gid("Agency", nph.id), "u": gid("User", zhang.id)}, as_user="nph_admin")
    assert body["appointResponsibleHead"] == {"agency": {"head": {"username": "nph_zhang"}}, "errors": []}
    assert (await AgencyHead.get(agency=nph)).user_id == zhang.id
    assert await Event.filter(type="agency.head_appointed", subject_id=nph.id).exists()
    body = await api.data(APPOINT, {"a": gid("Agency", nph.id), "u": gid("User", foreign.id)}, as_user="nph_admin")
    assert body["appointResponsibleHead"]["errors"] == [{"code": "NOT_OF_AGENCY", "field": "user"}]
    leader = await User.get(username="nph_leader")
    await api.data(APPOINT, {"a": gid("Agency", nph.id), "u": gid("User", leader.id)}, as_user="nph_admin")


async def test_r_g2_every_refused_attempt_is_in_the_audit_trail_for_the_supervisor(api: Api) -> None:
    """R-G2: an audit trail of who did what and when, refusals included, which the supervisor reads."""
    market = await Agency.get(code="黄骅市监")
    zhang = await User.get(username="nph_zhang")
    refused = await api.query(APPOINT, {"a": gid("Agency", market.id), "u": gid("User", zhang.id)}, as_user="nph_zhang")
    assert error_codes(refused) == ["FORBIDDEN"]
    latest = await Event.filter(type="access.denied").order_by("-id").first()
    assert latest is not None
    query = "query($id: ID!) { node(id: $id) { ... on Event { type occurredAt actor { username } payload } } }"
    seen = (await api.data(query, {"id": gid("Event", latest.id)}, as_user="sfj_supervisor"))["node"]
    assert seen["type"] == "access.denied" and seen["actor"] == {"username": "nph_zhang"}
    assert seen["payload"]["object"] == "user" and seen["payload"]["action"] == "manage"


STATS = """query($from: DateTime!, $to: DateTime!, $a: [ID!]) { statistics(from: $from, to: $to, agencies: $a) {
  agency { code } transfersSent transfersReceived transfersDisputed avgDaysToReceipt avgDaysToAcceptance
  assistanceAsked assistanceAnswered assistanceAnsweredOnTime cluesRegistered cluesPassedOn clueFeedbackGiven
  deadlinesMissed deadlinesWarned } }"""


async def test_r_g2_statistics_per_agency_are_computed_in_sql_and_match_the_records(api: Api) -> None:
    """R-G2: transfers sent, received and disputed, days to receipt and acceptance, assistance answered on time,
    clues passed on and feedback given, per agency and period, for the supervisor."""
    nph, market = await Agency.get(code="南排河"), await Agency.get(code="黄骅市监")
    period = {"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z",
              "a": [gid("Agency", nph.id), gid("Agency", market.id)]}  # fmt: skip
    rows = {r["agency"]["code"]: r for r in (await api.data(STATS, period, as_user="sfj_supervisor"))["statistics"]}
    assert rows["南排河"]["transfersSent"] == await Transfer.filter(sender=nph).count()
    received = await Transfer.filter(receiver=market, sent_at__isnull=False)
    assert rows["黄骅市监"]["transfersReceived"] == len(received)
    disputed = {d.transfer_id for d in await Dispute.all()}
    assert rows["黄骅市监"]["transfersDisputed"] == sum(1 for t in received if t.id in disputed)
    receipts = [(t.received_at - t.sent_at).total_seconds() / 86400 for t in received if t.received_at and t.sent_at]
    assert rows["黄骅市监"]["avgDaysToReceipt"] == pytest.approx(sum(receipts) / len(receipts), abs=1e-3)
    asked = await AssistanceRequest.filter(requested=market)
    assert rows["黄骅市监"]["assistanceAsked"] == len(asked)
    assert rows["黄骅市监"]["assistanceAnswered"] == sum(1 for r in asked if r.replied_at)
    assert rows["南排河"]["cluesRegistered"] == await Clue.filter(agency=nph).count()
    assert rows["南排河"]["cluesPassedOn"] == await Clue.filter(agency=nph, forwarded_at__isnull=False).count()
    assert (
        rows["黄骅市监"]["clueFeedbackGiven"] == await Clue.filter(forwarded_to=market, result_at__isnull=False).count()
    )
    await deadlines.sweep(at=datetime(2026, 12, 31, tzinfo=UTC))  # so that there is something to count
    rows = {r["agency"]["code"]: r for r in (await api.data(STATS, period, as_user="sfj_supervisor"))["statistics"]}
    red = await DeadlineAlert.filter(agency=market, level=AlertLevel.RED).count()
    assert red > 0 and rows["黄骅市监"]["deadlinesMissed"] == red
    assert (
        rows["黄骅市监"]["deadlinesWarned"]
        == await DeadlineAlert.filter(agency=market, level=AlertLevel.YELLOW).count()
    )


async def test_r_g2_statistics_need_the_permission_and_stay_in_scope(api: Api) -> None:
    """R-G2: officers do not read statistics; a leader reads its own agency's only."""
    period = {"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z", "a": None}
    assert error_codes(await api.query(STATS, period, as_user="hhz_ma")) == ["FORBIDDEN"]
    own = (await api.data(STATS, period, as_user="nph_leader"))["statistics"]
    assert [r["agency"]["code"] for r in own] == ["南排河"]
    backwards = {"from": "2030-01-01T00:00:00Z", "to": "2020-01-01T00:00:00Z", "a": None}
    assert error_codes(await api.query(STATS, backwards, as_user="nph_leader")) == ["BAD_USER_INPUT"]
