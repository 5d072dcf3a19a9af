"""R-B1 from first act to last, through GraphQL: a suspected violation found on patrol is dissuaded on the spot and
notified to the agency whose remit it is in, which acknowledges it and opens a case from it in one step; the sender
sees the outcome. Both directions: township to county department, and county department to township."""

from __future__ import annotations

from typing import Any

from tests.scenarios.support import Api, agency_gid, events_seen, forbidden, gid, hidden, invalid, matter_gid, node

NOTICE = """id number status sender { code } receiver { code } matter { code } dissuasion responseDeadline
            acknowledgedAt outcome outcomeText reportedAt case { id number }"""
NOTIFY = f"""mutation($input: NotifyInput!) {{ notifyViolation(input: $input) {{
  notice {{ {NOTICE} }} case {{ id }} errors {{ code field message }} }} }}"""
ACKNOWLEDGE = f"""mutation($n: ID!) {{ acknowledgeNotice(notice: $n) {{
  notice {{ {NOTICE} }} case {{ id }} errors {{ code field message }} }} }}"""
REPORT = f"""mutation($n: ID!, $o: NoticeOutcome!, $t: String!) {{ reportOnNotice(notice: $n, outcome: $o, text: $t) {{
  notice {{ {NOTICE} }} case {{ id }} errors {{ code field message }} }} }}"""
OPEN_CASE = f"""mutation($n: ID!, $t: String!) {{ openCaseFromNotice(notice: $n, title: $t) {{
  notice {{ {NOTICE} }}
  case {{ id number title status source facts filingDeadline agency {{ code }} territory {{ code }} matter {{ code }}
          openedBy {{ username }} }}
  errors {{ code field message }} }} }}"""
CASE = "status source agency { code } territory { code } timeline { type }"
NOTICE_EVENTS = ["notice.sent", "notice.acknowledged", "notice.reported"]


def _input(matter: str | None = None, receiver: str | None = None, **changes: Any) -> dict[str, Any]:
    return {"place": "南排河镇南排河村渔港码头", "foundAt": "2026-11-20T08:30:00+08:00",
            "facts": "流动摊贩销售无标签散装冷冻虾仁", "dissuasion": "当场劝阻,责令停止销售并暂扣待查",
            "partyName": "王某", "partyDetail": "流动摊贩", "matter": matter, "receiver": receiver,
            **changes}  # fmt: skip


async def test_r_b1_a_township_notifies_the_competent_department_which_opens_a_case_and_the_township_sees_it(
    api: Api,
) -> None:
    """R-B1, township to county department: the township dissuades and notifies the department the catalog names
    for the matter; the department acknowledges, opens its case from the notice in one step, and the township sees
    the outcome. Each refused or invalid step is a typed error and writes nothing."""
    kept = await matter_gid("SC-009")  # kept by the market regulator, not delegated to townships
    nph, market = await agency_gid("南排河"), await agency_gid("黄骅市监")

    # The notice needs what was done on the spot; a township does not notify itself; a supervisor does not notify.
    await invalid(api, NOTIFY, {"input": _input(kept, dissuasion="  ")}, as_user="nph_zhang", code="REASON_REQUIRED",
                  field="dissuasion")  # fmt: skip
    await invalid(api, NOTIFY, {"input": _input(kept, receiver=nph)}, as_user="nph_zhang", code="SAME_AGENCY",
                  field="receiver")  # fmt: skip
    await forbidden(api, NOTIFY, {"input": _input(kept, receiver=market)}, as_user="sfj_supervisor")

    # 1. The township notifies; the receiver is proposed from the matter (no receiver given).
    sent = (await api.data(NOTIFY, {"input": _input(kept)}, as_user="nph_zhang"))["notifyViolation"]
    assert sent["errors"] == [] and sent["case"] is None
    notice = sent["notice"]
    assert notice["receiver"] == {"code": "黄骅市监"} and notice["sender"] == {"code": "南排河"}
    assert notice["matter"] == {"code": "SC-009"} and notice["status"] == "SENT"
    assert notice["number"].startswith("南排河告〔2026〕") and notice["number"].endswith("号")
    assert notice["dissuasion"] == "当场劝阻,责令停止销售并暂扣待查" and notice["responseDeadline"]
    assert notice["acknowledgedAt"] is None and notice["outcome"] is None

    # The department sees it; an agency that is neither side does not.
    seen = await node(api, notice["id"], "status sender { code } facts", as_user="scj_liu")
    assert seen == {"status": "SENT", "sender": {"code": "南排河"}, "facts": "流动摊贩销售无标签散装冷冻虾仁"}
    await hidden(api, notice["id"], as_user="hhz_ma")

    # 2. Only the receiver acknowledges, once.
    await forbidden(api, ACKNOWLEDGE, {"n": notice["id"]}, as_user="nph_li")
    acknowledged = (await api.data(ACKNOWLEDGE, {"n": notice["id"]}, as_user="scj_liu"))["acknowledgeNotice"]
    assert acknowledged["errors"] == [] and acknowledged["notice"]["status"] == "ACKNOWLEDGED"
    assert acknowledged["notice"]["acknowledgedAt"]
    await invalid(api, ACKNOWLEDGE, {"n": notice["id"]}, as_user="scj_liu", code="INVALID_STATE")

    # 3. A case is opened with openCaseFromNotice, not reported as opened; a case needs a title; the sender does not
    # open the receiver's case.
    await invalid(api, REPORT, {"n": notice["id"], "o": "CASE_OPENED", "t": "已立案"}, as_user="scj_liu",
                  code="USE_OPEN_CASE", field="outcome")  # fmt: skip
    await invalid(api, OPEN_CASE, {"n": notice["id"], "t": " "}, as_user="scj_liu", code="REASON_REQUIRED",
                  field="title")  # fmt: skip
    await forbidden(api, OPEN_CASE, {"n": notice["id"], "t": "销售无标签冷冻食品"}, as_user="nph_zhang")

    # 4. The department opens its case from the notice in one step; the notice is reported with it.
    opened = await api.data(OPEN_CASE, {"n": notice["id"], "t": "销售无标签冷冻食品案"}, as_user="scj_liu")
    opened = opened["openCaseFromNotice"]
    assert opened["errors"] == []
    case = opened["case"]
    assert case["agency"] == {"code": "黄骅市监"} and case["territory"] == {"code": "南排河"}
    assert case["matter"] == {"code": "SC-009"} and case["source"] == "NOTICE" and case["status"] == "OPEN"
    assert case["number"].startswith("黄骅市监立〔2026〕") and case["filingDeadline"]
    assert notice["number"] in case["facts"] and case["openedBy"] == {"username": "scj_liu"}
    reported = opened["notice"]
    assert reported["status"] == "REPORTED" and reported["outcome"] == "CASE_OPENED"
    assert (
        reported["case"] == {"id": case["id"], "number": case["number"]} and case["number"] in reported["outcomeText"]
    )
    assert reported["acknowledgedAt"] == acknowledged["notice"]["acknowledgedAt"] and reported["reportedAt"]

    # Once reported, the notice opens no second case (and issues no case number).
    await invalid(api, OPEN_CASE, {"n": notice["id"], "t": "重复立案"}, as_user="scj_liu", code="INVALID_STATE")
    await invalid(api, REPORT, {"n": notice["id"], "o": "NO_VIOLATION", "t": "未发现"}, as_user="scj_liu",
                  code="INVALID_STATE")  # fmt: skip

    # 5. The township sees the outcome: the notice, its events and the case opened from it.
    outcome = await node(api, notice["id"], "status outcome outcomeText case { number }", as_user="nph_zhang")
    assert outcome == {"status": "REPORTED", "outcome": "CASE_OPENED", "outcomeText": reported["outcomeText"],
                       "case": {"number": case["number"]}}  # fmt: skip
    assert await events_seen(api, "notice", notice["id"], NOTICE_EVENTS, as_user="nph_zhang") == NOTICE_EVENTS
    assert await events_seen(api, "case", case["id"], ["case.opened"], as_user="nph_zhang") == ["case.opened"]
    assert await events_seen(api, "notice", notice["id"], NOTICE_EVENTS, as_user="hhz_ma") == []
    held = await node(api, case["id"], CASE, as_user="scj_liu")
    assert held["status"] == "OPEN" and held["source"] == "NOTICE"
    assert [e["type"] for e in held["timeline"]] == ["case.opened", "notice.reported"]


async def test_r_b1_a_department_notifies_a_township_which_opens_its_case_and_the_department_sees_it(
    api: Api,
) -> None:
    """R-B1, county department to township: the market regulator finds on patrol a violation of a matter delegated
    to the township, notifies it, and the township acknowledges, opens its case and reports back."""
    delegated = await matter_gid("SC-001")  # unlicensed food business: delegated to the townships
    nph = await agency_gid("南排河")
    found = _input(delegated, place="南排河镇赵家堡村农贸市场", facts="无证经营熟食摊点")

    # The matter is delegated to every township, each in its own territory: without a receiver the catalog cannot
    # tell which township, and the notice is refused.
    await invalid(api, NOTIFY, {"input": found}, as_user="scj_chen", code="NO_RECEIVER", field="receiver")
    await invalid(api, NOTIFY, {"input": {**found, "receiver": gid("Agency", 999_999)}}, as_user="scj_chen",
                  code="NOT_FOUND", field="receiver")  # fmt: skip

    # 1. The department notifies the township.
    sent = (await api.data(NOTIFY, {"input": {**found, "receiver": nph}}, as_user="scj_chen"))["notifyViolation"]
    assert sent["errors"] == []
    notice = sent["notice"]
    assert notice["sender"] == {"code": "黄骅市监"} and notice["receiver"] == {"code": "南排河"}
    assert notice["status"] == "SENT" and notice["number"].startswith("黄骅市监告〔2026〕")
    await hidden(api, notice["id"], as_user="zrj_zhou")

    # 2. The township acknowledges (the sender cannot do it for it), then opens its case in one step.
    await forbidden(api, ACKNOWLEDGE, {"n": notice["id"]}, as_user="scj_liu")
    acknowledged = (await api.data(ACKNOWLEDGE, {"n": notice["id"]}, as_user="nph_li"))["acknowledgeNotice"]
    assert acknowledged["notice"]["status"] == "ACKNOWLEDGED"
    opened = await api.data(OPEN_CASE, {"n": notice["id"], "t": "无证经营熟食案"}, as_user="nph_li")
    case = opened["openCaseFromNotice"]["case"]
    assert opened["openCaseFromNotice"]["errors"] == []
    assert case["agency"] == {"code": "南排河"} and case["territory"] == {"code": "南排河"}
    assert case["source"] == "NOTICE" and case["number"].startswith("南排河立〔2026〕")

    # 3. The department sees the outcome.
    outcome = await node(api, notice["id"], "status outcome case { number }", as_user="scj_liu")
    assert outcome == {"status": "REPORTED", "outcome": "CASE_OPENED", "case": {"number": case["number"]}}
    assert await events_seen(api, "notice", notice["id"], NOTICE_EVENTS, as_user="scj_leader") == NOTICE_EVENTS
    assert await events_seen(api, "case", case["id"], ["case.opened"], as_user="scj_liu") == ["case.opened"]


async def test_r_b1_a_notice_without_violation_is_reported_with_what_was_done(api: Api) -> None:
    """R-B1: the notified department investigates promptly and reports what it did, even when it finds nothing; the
    report says what was done, and the township reads it. Reporting without acknowledging first acknowledges too."""
    kept = await matter_gid("SC-009")
    sent = await api.data(NOTIFY, {"input": _input(kept, facts="疑似销售过期海产品")}, as_user="nph_li")
    notice = sent["notifyViolation"]["notice"]
    await invalid(api, REPORT, {"n": notice["id"], "o": "NO_VIOLATION", "t": ""}, as_user="scj_chen",
                  code="REASON_REQUIRED", field="text")  # fmt: skip
    await forbidden(api, REPORT, {"n": notice["id"], "o": "NO_VIOLATION", "t": "经核查未发现"}, as_user="nph_li")
    reported = (await api.data(REPORT, {"n": notice["id"], "o": "NO_VIOLATION", "t": "经现场核查,产品在保质期内"},
                               as_user="scj_chen"))["reportOnNotice"]  # fmt: skip
    assert reported["errors"] == [] and reported["case"] is None
    assert reported["notice"]["status"] == "REPORTED" and reported["notice"]["outcome"] == "NO_VIOLATION"
    outcome = await node(api, notice["id"], "status outcome outcomeText case { id } acknowledgedAt reportedAt",
                         as_user="nph_li")  # fmt: skip
    assert outcome["acknowledgedAt"] and outcome["acknowledgedAt"] == outcome["reportedAt"]
    assert (outcome["status"], outcome["outcome"], outcome["case"]) == ("REPORTED", "NO_VIOLATION", None)
    assert outcome["outcomeText"] == "经现场核查,产品在保质期内"
    assert await events_seen(api, "notice", notice["id"], NOTICE_EVENTS, as_user="nph_li") == [
        "notice.sent", "notice.reported"]  # fmt: skip


async def test_r_b1_the_report_payload_shows_the_acknowledgement_the_report_implies(api: Api) -> None:
    """R-B1: a report on a notice nobody acknowledged stores acknowledgedAt = reportedAt; the mutation's payload must
    show the stored notice."""
    kept = await matter_gid("SC-009")
    sent = await api.data(NOTIFY, {"input": _input(kept, facts="疑似超范围经营")}, as_user="nph_zhang")
    notice = sent["notifyViolation"]["notice"]
    reported = (await api.data(REPORT, {"n": notice["id"], "o": "INVESTIGATED", "t": "已调查,责令改正"},
                               as_user="scj_liu"))["reportOnNotice"]["notice"]  # fmt: skip
    stored = await node(api, notice["id"], "acknowledgedAt reportedAt", as_user="scj_liu")
    assert stored["acknowledgedAt"] is not None  # stored: acknowledged when reported
    assert reported["acknowledgedAt"] == stored["acknowledgedAt"]


async def test_r_b1_a_notice_naming_an_unknown_matter_is_a_typed_error(api: Api) -> None:
    """R-B1: a notice with a receiver and a matter that does not exist is refused with NOT_FOUND on `matter`, as it is
    without a receiver, and writes nothing."""
    market = await agency_gid("黄骅市监")
    await invalid(api, NOTIFY, {"input": _input(gid("Matter", 999_999), receiver=market)}, as_user="nph_zhang",
                  code="NOT_FOUND", field="matter")  # fmt: skip
