"""Issue 15 (8), R-A2: the receiver's part begins when the transfer is sent (移送). Until the sender's leader approves
and sends it, a draft transfer, the case behind it (its parties included) and the draft's events are the sender's
alone: not in the receiver's lists, not found by ID, not in its event stream."""

from __future__ import annotations

from procedures import transfer
from tests.conftest import Api, error_codes
from tests.graphql.matrix_world import gid
from tests.rules.test_transfer import _new_case, _officer_ids, _start, actor

NODE = "query($id: ID!) { node(id: $id) { id } }"
TRANSFERS = "{ transfers(first: 100) { edges { node { id } } } }"
CASES = '{ cases(first: 100, filter: {search: "DRAFT-"}) { edges { node { id number } } } }'
EVENTS = "query($c: ID!) { events(first: 100, filter: {case: $c}) { edges { node { type } } } }"


async def _visible(api: Api, user: str, transfer_id: int, case_id: int) -> tuple[bool, bool, list[str]]:
    listed = [e["node"]["id"] for e in (await api.data(TRANSFERS, as_user=user))["transfers"]["edges"]]
    case = await api.query(NODE, {"id": gid("Case", case_id)}, as_user=user)
    events = await api.query(EVENTS, {"c": gid("Case", case_id)}, as_user=user)
    types = [e["node"]["type"] for e in events["data"]["events"]["edges"]] if not events.get("errors") else []
    return gid("Transfer", transfer_id) in listed, case["data"]["node"] is not None, types


async def test_r_a2_a_draft_transfer_and_its_case_are_the_senders_until_sent(api: Api) -> None:
    case = await _new_case("DRAFT-1")
    officers = await _officer_ids("nph_zhang", "nph_li")
    draft = await transfer.start_transfer(await actor("nph_zhang"), _start(case, officers))

    assert await _visible(api, "nph_zhang", draft.id, case.id) == (True, True, ["transfer.started"])
    assert await _visible(api, "scj_liu", draft.id, case.id) == (False, False, [])
    assert error_codes(await api.query(NODE, {"id": gid("Transfer", draft.id)}, as_user="scj_liu")) == ["NOT_FOUND"]

    await transfer.send(await actor("nph_leader"), draft.id)
    listed, case_seen, types = await _visible(api, "scj_liu", draft.id, case.id)
    assert listed and case_seen and types == ["transfer.sent"]  # the draft's own events stay the sender's


async def test_r_a2_a_draft_withdrawn_unsent_never_reaches_the_receiver(api: Api) -> None:
    case = await _new_case("DRAFT-2")
    officers = await _officer_ids("nph_zhang", "nph_li")
    draft = await transfer.start_transfer(await actor("nph_zhang"), _start(case, officers))
    await transfer.withdraw(await actor("nph_leader"), draft.id, reason="改由本镇办理")
    assert await _visible(api, "scj_liu", draft.id, case.id) == (False, False, [])
