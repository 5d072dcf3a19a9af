"""Issue 15 (2): for every list of the schema (found by introspection) and any `first`, paging yields exactly
`totalCount` distinct rows, for principals of several roles and agencies. The scenario that bit: a case received
three times by one agency (transferred, withdrawn, transferred again), whose repeated IDs filled the per-branch page
form's LIMIT and pushed other cases out of that agency's pages."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api
from tests.rules.test_transfer import _new_case, _officer_ids, _start, actor

PRINCIPALS = ("scj_liu", "nph_zhang", "nph_registrar", "zrj_zhou", "sfj_supervisor", "admin")
ROOTS = """{ __schema { queryType { fields { name args { name } type { name kind ofType { name } } } } } }"""


async def _lists(api: Api) -> list[str]:
    fields = (await api.data(ROOTS, as_user="admin"))["__schema"]["queryType"]["fields"]
    return sorted(f["name"] for f in fields if ((f["type"]["ofType"] or f["type"])["name"] or "").endswith("Connection")
                  and {"first", "after"} <= {a["name"] for a in f["args"]})  # fmt: skip


async def _page_through(api: Api, field: str, user: str, first: int) -> tuple[list[str], int | None]:
    document = f"query($f: Int, $a: String) {{ {field}(first: $f, after: $a) {{ totalCount edges {{ node {{ id }} }} " \
               "pageInfo { hasNextPage endCursor } } }"  # fmt: skip
    seen: list[str] = []
    after: str | None = None
    total = None
    for _ in range(200):
        body = await api.query(document, {"f": first, "a": after}, as_user=user)
        if body.get("errors"):
            return [], None  # a list this principal may not read (FORBIDDEN): the matrix tests say which
        page: dict[str, Any] = body["data"][field]
        total = page["totalCount"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    return seen, total


async def _a_case_received_three_times() -> None:
    """The case received three times comes first, so that its repeated IDs lead the receiving branch; two cases
    received once come after it, visible to the receiver through that branch alone."""
    from procedures import transfer

    zhang, leader = await actor("nph_zhang"), await actor("nph_leader")
    officers = await _officer_ids("nph_zhang", "nph_li")
    cases = [await _new_case(f"PAGE-{n}") for n in ("three-times", "once-a", "once-b")]
    for _ in range(2):
        sent = await transfer.start_transfer(zhang, _start(cases[0], officers))
        await transfer.send(leader, sent.id)
        await transfer.withdraw(leader, sent.id, reason="补充材料后重新移送")
    for case in cases:
        await transfer.send(leader, (await transfer.start_transfer(zhang, _start(case, officers))).id)


async def test_every_list_pages_through_exactly_its_total_count(api: Api) -> None:
    await _a_case_received_three_times()
    lists = await _lists(api)
    assert {"cases", "transfers", "events", "users"} <= set(lists)
    for field in lists:
        for user in PRINCIPALS:
            whole, total = await _page_through(api, field, user, 100)
            if total is None:
                continue
            assert len(whole) == len(set(whole)) == total, f"{field} as {user}, first 100"
            for first in sorted({1, 2, 3, min(100, total // 4 + 1), min(100, total // 2 + 1)}):
                if total // first > 150:
                    continue  # a long list in small pages: the larger sizes cover it
                seen, again = await _page_through(api, field, user, first)
                assert len(seen) == len(set(seen)) == again == total, f"{field} as {user}, first {first}"
