"""R-G1 and R-G2 (the parts built so far): the responsible head, and refusals in the audit trail."""

from __future__ import annotations

from models import Agency, AgencyHead, Event, User
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
