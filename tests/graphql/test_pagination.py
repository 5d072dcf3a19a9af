"""Relay pagination: page through everything once, and refuse page sizes and cursors that make no sense."""

from __future__ import annotations

from tests.conftest import Api, error_codes

AGENCIES = """
query Agencies($first: Int, $after: String) {
  agencies(first: $first, after: $after) {
    totalCount
    edges { cursor node { id code } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def test_paging_visits_every_agency_once(api: Api) -> None:
    seen: list[str] = []
    after = None
    total = None
    while True:
        page = (await api.data(AGENCIES, {"first": 4, "after": after}, as_user="nph_zhang"))["agencies"]
        total = page["totalCount"]
        seen += [edge["node"]["code"] for edge in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]
    assert len(seen) == len(set(seen)) == total
    assert total >= 20


async def test_a_page_size_of_ten_thousand_is_refused(api: Api) -> None:
    body = await api.query(AGENCIES, {"first": 10_000}, as_user="nph_zhang")
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "first must be between 0 and 100" in body["errors"][0]["message"]
    body = await api.query(AGENCIES, {"first": -1}, as_user="nph_zhang")
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_a_malformed_cursor_is_refused(api: Api) -> None:
    for cursor in ("garbage", "Y3Vyc29yOmFiYw==", "", "%%%"):
        body = await api.query(AGENCIES, {"first": 2, "after": cursor}, as_user="nph_zhang")
        assert error_codes(body) == ["BAD_USER_INPUT"], cursor
        assert body["errors"][0]["extensions"]["field"] == "after"


async def test_without_first_a_page_holds_at_most_the_cap(api: Api) -> None:
    page = (await api.data("{ matters { totalCount edges { node { code } } } }", as_user="nph_zhang"))["matters"]
    assert len(page["edges"]) == min(100, page["totalCount"])
