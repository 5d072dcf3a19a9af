"""An officer sees its own agency's cases and those it is involved in; a supervisor sees the county."""

from __future__ import annotations

from tortoise.expressions import Q

from models import Case, Notice, Transfer
from tests.conftest import Api

CASES = "{ cases(first: 100) { totalCount edges { node { number agency { code } } } } }"


async def test_a_township_officer_sees_own_and_involved_cases_and_nothing_of_another_town(api: Api) -> None:
    page = (await api.data(CASES, as_user="nph_zhang"))["cases"]
    numbers = {edge["node"]["number"] for edge in page["edges"]}
    nph = "南排河"
    own = {c.number for c in await Case.filter(agency__code=nph)}
    parties = Q(sender__code=nph) | Q(receiver__code=nph, sent_at__isnull=False)
    transferred = [t.case_id for t in await Transfer.filter(parties)]
    # R-B1: the agency that notified a violation follows the case the receiver opened from its notice.
    notified = [n.case_id for n in await Notice.filter(sender__code=nph, case_id__isnull=False)]
    involved = {c.number for c in await Case.filter(id__in=transferred + notified)}
    assert numbers == own | involved
    assert page["totalCount"] == len(numbers)
    assert involved - own, "the seeds hold cases Nanpaihe transferred away and still sees"
    assert not any(edge["node"]["agency"]["code"] == "黄骅镇" for edge in page["edges"])


async def test_the_justice_bureau_supervisor_sees_the_whole_county(api: Api) -> None:
    page = (await api.data(CASES, as_user="sfj_supervisor"))["cases"]
    assert page["totalCount"] == await Case.all().count()


async def test_officers_of_another_agency_are_not_listed(api: Api) -> None:
    page = (
        await api.data("{ users(first: 100) { edges { node { username agency { code } } } } }", as_user="nph_zhang")
    )["users"]
    assert {edge["node"]["agency"]["code"] for edge in page["edges"]} == {"南排河"}


PAGE = """query($first: Int!, $after: String, $filter: CaseFilter) {
  cases(first: $first, after: $after, filter: $filter) {
    totalCount edges { node { number } } pageInfo { hasNextPage endCursor } } }"""


async def _walk(api: Api, user: str, first: int, case_filter: dict[str, object] | None) -> list[str]:
    numbers: list[str] = []
    after = None
    while True:
        page = (await api.data(PAGE, {"first": first, "after": after, "filter": case_filter}, as_user=user))["cases"]
        numbers += [edge["node"]["number"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return numbers
        after = page["pageInfo"]["endCursor"]


async def test_small_pages_through_the_involvement_branches_give_the_same_cases_in_order(api: Api) -> None:
    everything = await _walk(api, "nph_zhang", 100, None)
    assert len(everything) > 6
    for size in (1, 2, 5):
        assert await _walk(api, "nph_zhang", size, None) == everything, size
    filed = await _walk(api, "scj_liu", 100, {"status": ["FILED", "TRANSFERRING"]})
    assert filed and await _walk(api, "scj_liu", 1, {"status": ["FILED", "TRANSFERRING"]}) == filed
