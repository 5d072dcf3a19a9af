"""Every model can be read through GraphQL, with its relations, and what comes back matches the database."""

from __future__ import annotations

from typing import Any

import pytest
from tortoise.expressions import Q

import models
from tests.conftest import Api


def _nodes(data: dict[str, Any], field: str) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = [edge["node"] for edge in data[field]["edges"]]
    return nodes


async def test_agencies_with_parent_head_and_designation_office(api: Api) -> None:
    data = await api.data(
        '{ agency(code: "黄政") { name kind children { code } designationOffice { name } } }', as_user="nph_zhang"
    )
    city = data["agency"]
    assert city["kind"] == "COUNTY_GOVERNMENT"
    assert city["designationOffice"]["name"] == "黄骅市司法局"
    assert "南排河" in {child["code"] for child in city["children"]}
    data = await api.data('{ agency(code: "南排河") { parent { code } head { username } } }', as_user="nph_zhang")
    assert data["agency"] == {"parent": {"code": "黄政"}, "head": {"username": "nph_leader"}}


async def test_an_unknown_agency_code_is_not_found(api: Api) -> None:
    body = await api.query('{ agency(code: "不存在") { name } }', as_user="nph_zhang")
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "code"}


async def test_one_agency_jurisdiction_lists_delegated_matters_in_its_territory(api: Api) -> None:
    data = await api.data(
        '{ agency(code: "南排河") { jurisdictions { '
        "matter { code legalBasis department { kind } } territory { code } } } }",
        as_user="nph_zhang",
    )
    lines = data["agency"]["jurisdictions"]
    expected = await models.Jurisdiction.filter(agency__code="南排河").count()
    assert len(lines) == expected > 0
    assert all(line["territory"]["code"] == "南排河" for line in lines)
    assert all(line["matter"]["department"]["kind"] == "COUNTY_DEPARTMENT" for line in lines)


async def test_matters_filter_by_department_and_jurisdictions_by_matter(api: Api) -> None:
    market = await models.Agency.get(name="黄骅市市场监督管理局")
    agencies = await api.data(
        '{ agencies(filter: {search: "市场监督"}) { edges { node { id } } } }', as_user="nph_zhang"
    )
    market_id = _nodes(agencies, "agencies")[0]["id"]
    data = await api.data(
        "query($d: ID) { matters(first: 100, filter: {department: $d}) { totalCount "
        "edges { node { id code department { code } } } } }",
        {"d": market_id},
        as_user="nph_zhang",
    )
    assert data["matters"]["totalCount"] == await models.Matter.filter(department=market).count()
    matter = _nodes(data, "matters")[0]
    assert matter["department"]["code"] == market.code
    lines = await api.data(
        "query($m: ID) { jurisdictions(filter: {matter: $m}) { totalCount } }",
        {"m": matter["id"]},
        as_user="nph_zhang",
    )
    assert lines["jurisdictions"]["totalCount"] >= 1


async def test_a_filter_with_an_id_of_the_wrong_type_is_bad_input(api: Api) -> None:
    agencies = await api.data("{ agencies(first: 1) { edges { node { id } } } }", as_user="nph_zhang")
    agency_id = _nodes(agencies, "agencies")[0]["id"]
    body = await api.query(
        "query($m: ID) { cases(filter: {matter: $m}) { totalCount } }", {"m": agency_id}, as_user="nph_zhang"
    )
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "filter.matter"}


CASES = """
query($filter: CaseFilter) { cases(first: 100, filter: $filter) { totalCount edges { node {
  number status source overdue filingDeadline decisionDeadline agency { code } territory { code } matter { code }
  openedBy { username } parties { kind name idNumber sex creditCode }
  transfers { status documentNumber urgent sender { code } receiver { code } proposedReceiver { code }
    createdBy { username } approvedBy { username }
    officers { isLead officer { username } }
    items { seq name perishable evidenceKeptKind evidenceKeptBy { username } disposalMethod disposalProceeds }
    materials { seq name isOriginal isEvidence adopted reviewedBy { username } }
    receipt { documentNumber method place recipientAgency { code } receivedBy { username } }
    disputes { status reason superior { code } designatedAgency { code } raisedBy { username }
      messages { body agency { code } author { username } } }
  }
  timeline { type occurredAt actor { username } agency { code } payload }
} } } }
"""


async def test_cases_with_parties_transfers_and_timeline(api: Api) -> None:
    data = await api.data(CASES, {"filter": {"status": ["FILED"]}}, as_user="sfj_supervisor")
    cases = _nodes(data, "cases")
    assert data["cases"]["totalCount"] == await models.Case.filter(status="filed").count() == len(cases) > 0
    transfers = [t for c in cases for t in c["transfers"]]
    statuses = {t["status"] for t in transfers}
    assert {"ACCEPTED", "DESIGNATED"} <= statuses
    designated = next(t for t in transfers if t["status"] == "DESIGNATED")
    assert designated["disputes"][0]["superior"]["code"] == (await models.Agency.get(name="黄骅市司法局")).code
    assert len(designated["disputes"][0]["messages"]) == 2
    assert designated["receipt"]["method"] == "直接送达"
    assert len(designated["officers"]) >= 2
    assert any(item["perishable"] and item["evidenceKeptKind"] == "PHOTO" for t in transfers for item in t["items"])
    assert all(c["timeline"] and c["timeline"][0]["type"] == "case.opened" for c in cases)


async def test_cases_filter_by_overdue_and_date(api: Api) -> None:
    overdue = _nodes(await api.data(CASES, {"filter": {"overdue": True}}, as_user="nph_zhang"), "cases")
    assert overdue and all(c["overdue"] for c in overdue)
    on_time = _nodes(await api.data(CASES, {"filter": {"overdue": False}}, as_user="nph_zhang"), "cases")
    assert not any(c["overdue"] for c in on_time)
    future = _nodes(
        await api.data(CASES, {"filter": {"discoveredFrom": "2999-01-01T00:00:00Z"}}, as_user="nph_zhang"), "cases"
    )
    assert future == []


async def test_transfers_filter_by_status_and_receiver(api: Api) -> None:
    market = await models.Agency.get(name="黄骅市市场监督管理局")
    query = (
        "query($f: TransferFilter) { transfers(filter: $f) { totalCount "
        "edges { node { status sender { code } receiver { code } } } } }"
    )
    data = await api.data(query, {"f": {"status": ["SENT"]}}, as_user="nph_zhang")
    assert {n["status"] for n in _nodes(data, "transfers")} == {"SENT"}
    nanpaihe = await models.Agency.get(code="南排河")
    ours = Q(sender_id=nanpaihe.id) | Q(receiver_id=nanpaihe.id)  # a sent transfer is its sender's and receiver's
    assert data["transfers"]["totalCount"] == await models.Transfer.filter(ours, status="sent").count()
    data = await api.data(query, {"f": {"overdue": False}}, as_user="scj_liu")
    assert data["transfers"]["totalCount"] >= 1
    assert all(market.code in (n["sender"]["code"], n["receiver"]["code"]) for n in _nodes(data, "transfers"))


SIMPLE_LISTS = [
    (
        "notices",
        "notices { totalCount edges { node { status facts sender { code } receiver { code } } } }",
        models.Notice,
        "nph_zhang",
    ),
    (
        "clues",
        "clues { totalCount edges { node { status number anonymous forwardedTo { code } complainant { name } } } }",
        models.Clue,
        "nph_registrar",
    ),
    (
        "consultations",
        "consultations { totalCount edges { node { topic kind participants { code } "
        "resolutions { text owner { code } } convener { code } } } }",
        models.Consultation,
        "nph_zhang",
    ),
    (
        "jointPlans",
        "jointPlans { totalCount edges { node { title status lead { code } approver { code } "
        "units { duties agency { code } } findings { text agency { code } case { number } } } } }",
        models.JointPlan,
        "nph_zhang",
    ),
    (
        "assistanceRequests",
        "assistanceRequests { totalCount edges { node { status kind number requester { code } "
        "requested { code } transfer { status } case { number } } } }",
        models.AssistanceRequest,
        "nph_zhang",
    ),
    (
        "sharingCatalogs",
        "sharingCatalogs { totalCount edges { node { name owner { code } "
        "entries { category sharingType dataItems provider { code } } } } }",
        models.SharingCatalog,
        "nph_zhang",
    ),
    (
        "catalogEntries",
        "catalogEntries { totalCount edges { node { code category catalog { name } } } }",
        models.CatalogEntry,
        "nph_zhang",
    ),
    (
        "guidanceDocuments",
        "guidanceDocuments { totalCount edges { node { title kind issuer { code } "
        "audience { code } reads { agency { code } } } } }",
        models.GuidanceDocument,
        "nph_zhang",
    ),
    (
        "calendarDays",
        "calendarDays(year: 2026) { totalCount edges { node { date kind name } } }",
        models.CalendarDay,
        "nph_zhang",
    ),
    ("timeLimits", "timeLimits { totalCount edges { node { key amount unit } } }", models.TimeLimit, "nph_zhang"),
    (
        "events",
        "events(first: 100) { totalCount edges { node { type subjectType actor { username } } } }",
        models.Event,
        "sfj_supervisor",
    ),
    (
        "apiKeys",
        "apiKeys { totalCount edges { node { name prefix roles agency { code } } } }",
        models.ApiKey,
        "sfj_supervisor",
    ),
    (
        "sharedResources",
        "sharedResources { totalCount edges { node { title entry { sharingType } } } }",
        models.SharedResource,
        "sfj_supervisor",
    ),
    (
        "sharingAccessRequests",
        "sharingAccessRequests { totalCount edges { node { status purpose entry { name } consumer { code } } } }",
        models.SharingAccessRequest,
        "nph_zhang",
    ),
]


@pytest.mark.parametrize(("field", "selection", "model", "user"), SIMPLE_LISTS, ids=[row[0] for row in SIMPLE_LISTS])
async def test_each_list_reads_its_model(api: Api, field: str, selection: str, model: Any, user: str) -> None:
    data = await api.data("{ " + selection + " }", as_user=user)
    total = data[field]["totalCount"]
    assert total == len(data[field]["edges"]) or total > 100
    if user == "sfj_supervisor":
        assert total == await model.all().count()
    elif model is not models.ApiKey:
        assert total > 0, f"the seeds hold {field} visible to {user}"


async def test_the_2026_calendar_has_the_national_day_holidays_and_make_up_days(api: Api) -> None:
    """The 2026 notice as the package carries it (the 39 days of holidays-2026.csv), with the seeds' local closure."""
    query = "{ calendarYear(year: 2026) { source days { date kind name local } } }"
    year = (await api.data(query, as_user="nph_li"))["calendarYear"]
    days = {d["date"]: d for d in year["days"]}
    assert year["source"] == "PACKAGE"
    assert days["2026-10-01"]["kind"] == "HOLIDAY" and days["2026-10-01"]["name"] == "国庆节"
    assert days["2026-10-10"]["kind"] == "WORKDAY" and not days["2026-10-10"]["local"]
    assert days["2026-07-29"]["local"] and days["2026-07-29"]["kind"] == "HOLIDAY"
    assert len(days) == 39 + 1
