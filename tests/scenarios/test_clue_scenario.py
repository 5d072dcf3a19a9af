"""R-B2 from first act to last, through GraphQL: a complaint outside the township's remit is registered, passed on
with a clue transfer letter to the competent agency, the complainant is told where it went, the receiver reports the
result back and the complainant gets feedback; the township sees the result. An anonymous clue has no informing
step, and neither has a complainant who left no way to be reached."""

from __future__ import annotations

from typing import Any

from tests.scenarios.support import Api, agency_gid, events_seen, forbidden, hidden, invalid, matter_gid, node

CLUE = """id number status channel content partyName anonymous acceptedAt acceptDeadline
  agency { code } forwardedTo { code } matter { code } letterNumber jurisdictionBasis forwardedAt informDeadline
  complainantToldAt complainantToldMethod complainantToldText resultText resultAt feedbackAt feedbackMethod
  feedbackText"""
REGISTER = f"""mutation($input: RegisterClueInput!) {{ registerClue(input: $input) {{
  clue {{ {CLUE} complainant {{ name phone }} }} errors {{ code field message }} }} }}"""
PASS_ON = f"""mutation($c: ID!, $r: ID, $b: String! = "") {{ passOnClue(clue: $c, receiver: $r, basis: $b) {{
  clue {{ {CLUE} }} errors {{ code field message }} }} }}"""
REPORT = f"""mutation($c: ID!, $r: String!) {{ reportClueResult(clue: $c, result: $r) {{
  clue {{ {CLUE} }} errors {{ code field message }} }} }}"""
HANDLE = f"""mutation($c: ID!) {{ handleClue(clue: $c) {{ clue {{ {CLUE} }} errors {{ code field message }} }} }}"""
CLUE_EVENTS = ["clue.registered", "clue.handling", "clue.passed_on", "clue.result_reported"]


def _complaint(matter: str, content: str, complainant: dict[str, str] | None) -> dict[str, Any]:
    return {"input": {"channel": "HOTLINE_12345", "content": content, "partyName": "某海产品加工作坊",
                      "matter": matter, "complainant": complainant}}  # fmt: skip


async def _register(api: Api, matter: str, content: str, complainant: dict[str, str] | None) -> dict[str, Any]:
    body = await api.data(REGISTER, _complaint(matter, content, complainant), as_user="nph_registrar")
    assert body["registerClue"]["errors"] == []
    clue: dict[str, Any] = body["registerClue"]["clue"]
    return clue


async def test_r_b2_a_complaint_is_passed_on_with_a_letter_the_complainant_told_and_the_result_reported_back(
    api: Api,
) -> None:
    """R-B2: register (with contact), pass on with the clue transfer letter to the agency the catalog names, tell
    the complainant where it went; the receiver reports the result, the complainant gets feedback, and the agency that
    passed the clue on sees the result. Each refused or invalid step is a typed error and writes nothing."""
    kept = await matter_gid("SC-009")
    caller = {"name": "陈先生", "phone": "13903170001", "address": "南排河镇前唐堡村"}
    content = "举报某作坊使用非食品原料加工海产品并对外销售"

    # Officers do not register complaints (the registrar does); a complaint says what was reported.
    await forbidden(api, REGISTER, _complaint(kept, content, caller), as_user="nph_zhang")
    await invalid(api, REGISTER, _complaint(kept, " ", caller), as_user="nph_registrar", code="REASON_REQUIRED",
                  field="content")  # fmt: skip

    # 1. The registrar accepts and registers it promptly.
    clue = await _register(api, kept, content, caller)
    assert clue["status"] == "REGISTERED" and clue["number"].startswith("南排河登〔2026〕")
    assert clue["anonymous"] is False and clue["complainant"] == {"name": "陈先生", "phone": "13903170001"}
    assert clue["acceptedAt"] and clue["acceptDeadline"] and clue["forwardedTo"] is None
    await hidden(api, clue["id"], as_user="scj_liu")  # not the market regulator's until passed on to it

    # 2. Outside its remit: passing it on to itself is refused, and only the registrar passes it on.
    nph = await agency_gid("南排河")
    await invalid(api, PASS_ON, {"c": clue["id"], "r": nph, "b": "属本镇"}, as_user="nph_registrar",
                  code="SAME_AGENCY", field="receiver")  # fmt: skip
    await forbidden(api, PASS_ON, {"c": clue["id"]}, as_user="nph_zhang")

    # 3. It goes with a numbered clue transfer letter to the agency the catalog names; the complainant is told.
    passed = (await api.data(PASS_ON, {"c": clue["id"]}, as_user="nph_registrar"))["passOnClue"]
    assert passed["errors"] == []
    letter = passed["clue"]
    assert letter["status"] == "PASSED_ON" and letter["forwardedTo"] == {"code": "黄骅市监"}
    assert letter["letterNumber"].startswith("南排河线〔2026〕") and "SC-009" in letter["jurisdictionBasis"]
    assert letter["forwardedAt"] and letter["informDeadline"]
    assert letter["complainantToldAt"] == letter["forwardedAt"] and letter["complainantToldMethod"] == "SMS"
    assert "黄骅市市场监督管理局" in letter["complainantToldText"]
    # Once passed on, it is not passed on again (and no second letter number is issued).
    await invalid(api, PASS_ON, {"c": clue["id"]}, as_user="nph_registrar", code="INVALID_STATE")

    # 4. The receiver sees the clue with the complainant's contact, to give feedback; others see nothing.
    received = await node(api, clue["id"], "status agency { code } letterNumber complainant { phone }",
                          as_user="scj_liu")  # fmt: skip
    assert received == {"status": "PASSED_ON", "agency": {"code": "南排河"}, "letterNumber": letter["letterNumber"],
                        "complainant": {"phone": "13903170001"}}  # fmt: skip
    await hidden(api, clue["id"], as_user="hhz_ma")

    # 5. The receiver reports the result: the sender cannot do it for it, and a result says what it is.
    await forbidden(api, REPORT, {"c": clue["id"], "r": "已处理"}, as_user="nph_registrar")
    await invalid(api, REPORT, {"c": clue["id"], "r": "  "}, as_user="scj_liu", code="REASON_REQUIRED", field="result")
    result = "经查属实,已立案调查并查封涉案原料"
    reported = (await api.data(REPORT, {"c": clue["id"], "r": result}, as_user="scj_liu"))["reportClueResult"]
    assert reported["errors"] == []
    done = reported["clue"]
    assert done["status"] == "RESULT_REPORTED" and done["resultText"] == result and done["resultAt"]
    assert done["feedbackAt"] == done["resultAt"] and done["feedbackMethod"] == "SMS" and result in done["feedbackText"]
    await invalid(api, REPORT, {"c": clue["id"], "r": "再次反馈"}, as_user="scj_liu", code="INVALID_STATE")

    # 6. The agency that passed it on sees the result, and the trail of what happened.
    seen = await node(api, clue["id"], "status resultText resultAt feedbackAt", as_user="nph_registrar")
    assert seen == {"status": "RESULT_REPORTED", "resultText": result, "resultAt": done["resultAt"],
                    "feedbackAt": done["feedbackAt"]}  # fmt: skip
    assert await events_seen(api, "clue", clue["id"], CLUE_EVENTS, as_user="nph_registrar") == [
        "clue.registered", "clue.passed_on", "clue.result_reported"]  # fmt: skip
    assert await events_seen(api, "clue", clue["id"], CLUE_EVENTS, as_user="scj_leader") == [
        "clue.passed_on", "clue.result_reported"]  # fmt: skip


async def test_r_b2_an_anonymous_clue_and_an_unreachable_complainant_have_no_informing_step(api: Api) -> None:
    """R-B2: the complainant is told where the clue went and gets feedback, unless there is no way to reach them:
    an anonymous report, or a name without any contact."""
    kept = await matter_gid("SC-009")
    for complainant in (None, {"name": "匿名群众"}):
        clue = await _register(api, kept, "反映渔港冷库存放来源不明冻品", complainant)
        assert clue["anonymous"] is (complainant is None)
        passed = (await api.data(PASS_ON, {"c": clue["id"]}, as_user="nph_registrar"))["passOnClue"]["clue"]
        assert passed["status"] == "PASSED_ON" and passed["letterNumber"] and passed["forwardedAt"]
        assert (passed["complainantToldAt"], passed["complainantToldMethod"], passed["complainantToldText"]) == (
            None, None, "")  # fmt: skip
        done = (await api.data(REPORT, {"c": clue["id"], "r": "经查无实据"}, as_user="scj_chen"))["reportClueResult"]
        assert done["errors"] == [] and done["clue"]["status"] == "RESULT_REPORTED"
        assert (done["clue"]["feedbackAt"], done["clue"]["feedbackMethod"], done["clue"]["feedbackText"]) == (
            None, None, "")  # fmt: skip
        seen = await node(api, clue["id"], "status resultText complainantToldAt feedbackAt", as_user="nph_registrar")
        assert seen == {"status": "RESULT_REPORTED", "resultText": "经查无实据", "complainantToldAt": None,
                        "feedbackAt": None}  # fmt: skip


async def test_r_b2_within_its_own_remit_the_township_handles_the_clue_itself(api: Api) -> None:
    """R-B2: within one's own remit, handle it: the clue stays with the township and is not passed on."""
    delegated = await matter_gid("SC-001")  # unlicensed food business: delegated to the townships
    clue = await _register(api, delegated, "反映村口无证熟食摊点", {"name": "李女士", "phone": "13903170002"})
    await forbidden(api, HANDLE, {"c": clue["id"]}, as_user="nph_li")
    handled = (await api.data(HANDLE, {"c": clue["id"]}, as_user="nph_registrar"))["handleClue"]
    assert handled["errors"] == [] and handled["clue"]["status"] == "HANDLING"
    assert handled["clue"]["forwardedTo"] is None and handled["clue"]["letterNumber"] is None
    market = await agency_gid("黄骅市监")
    await invalid(api, PASS_ON, {"c": clue["id"], "r": market, "b": "食品安全法"}, as_user="nph_registrar",
                  code="INVALID_STATE")  # fmt: skip
    await invalid(api, REPORT, {"c": clue["id"], "r": "已处理"}, as_user="nph_registrar", code="INVALID_STATE",
                  field="clue")  # fmt: skip
    assert await events_seen(api, "clue", clue["id"], CLUE_EVENTS, as_user="nph_registrar") == [
        "clue.registered", "clue.handling"]  # fmt: skip
