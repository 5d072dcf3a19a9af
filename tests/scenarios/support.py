"""What the scenario tests share: global IDs of the seed data, reading objects and events through GraphQL, and the
proof that a refused or invalid step wrote nothing.

The scenarios act only through the API (the `api` fixture), as a front end would. The ORM is used for what the API
does not offer: counting rows before and after a refused step, creating the cases an agency opened on patrol (no
mutation opens a case from nothing; tests/graphql/test_transfer_api.py does the same) and the few users the seeds lack
(a leader of the county government).
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise import Tortoise, connections

from events.outbox import record_event
from models import Agency, Case, Matter, User
from models.enums import AgencyKind, CaseSource, Role
from procedures.people import create_user
from seeds.people import DEMO_PASSWORD
from tests.conftest import Api, error_codes
from tests.graphql.matrix_world import gid

__all__ = [
    "Api", "agency_gid", "city_leader", "decode", "error_codes", "events_seen", "extra_user", "forbidden", "gid",
    "hidden", "invalid", "matter_gid", "node", "patrol_case", "user_gid", "writes_nothing",
]  # fmt: skip

DENIED = "access.denied"


async def agency_gid(code: str) -> str:
    return gid("Agency", (await Agency.get(code=code)).id)


async def matter_gid(code: str) -> str:
    return gid("Matter", (await Matter.get(code=code)).id)


async def user_gid(username: str) -> str:
    return gid("User", (await User.get(username=username)).id)


async def patrol_case(number: str, *, agency: str, matter: str, title: str = "巡查发现",
                      source: CaseSource = CaseSource.PATROL) -> str:  # fmt: skip
    """A case an agency opened itself, with its `case.opened` event as the seeds record it (setup: the API has no
    mutation that opens a case from nothing)."""
    holder = await Agency.get(code=agency)
    local = holder.kind in (AgencyKind.TOWNSHIP, AgencyKind.SUB_DISTRICT)  # a township's case is in its territory
    case = await Case.create(number=number, title=title, agency=holder, territory=holder if local else None,
                             source=source, matter=await Matter.get(code=matter), facts=title,
                             discovered_at="2026-11-20T09:00:00+08:00")  # fmt: skip
    await record_event(type="case.opened", subject_type="case", subject_id=case.id, case_id=case.id,
                       audience=[holder.id], agency_id=holder.id, payload={"number": number})  # fmt: skip
    return gid("Case", case.id)


async def extra_user(username: str, *, agency: str, role: Role) -> str:
    """A user the seeds lack, with the demo password, created once per session; its username."""
    if not await User.exists(username=username):
        await create_user(username=username, agency_code=agency, role=role, password=DEMO_PASSWORD)
    return username


async def city_leader(username: str) -> str:
    """A leader of the county (city) government, which approves joint plans; the seeds have none."""
    return await extra_user(username, agency="黄政", role=Role.LEADER)


# -- nothing written ---------------------------------------------------------------------------------------------------


async def _snapshot() -> dict[str, int]:
    """Rows of every table, the document numbers issued so far, and the events other than refusals (which are the
    audit trail of R-G2, not a write of the refused act), read in one statement."""
    tables = sorted({model._meta.db_table for model in Tortoise.apps["models"].values()})
    parts = [f'(SELECT COUNT(*) FROM "{table}") AS "{table}"' for table in tables]
    parts += [
        '(SELECT COALESCE(SUM("value"), 0) FROM "document_counter") AS "numbers issued"',
        f'(SELECT COUNT(*) FROM "event" WHERE "type" <> \'{DENIED}\') AS "events"',
        f'(SELECT COUNT(*) FROM "event" WHERE "type" = \'{DENIED}\') AS "refusals"',
    ]
    rows = await connections.get("default").execute_query_dict("SELECT " + ", ".join(parts))
    return {name: int(value) for name, value in rows[0].items()}


@asynccontextmanager
async def writes_nothing(*, refused: bool = False) -> AsyncIterator[None]:
    """The step inside writes no row anywhere and issues no document number. `refused=True`: the step is a FORBIDDEN
    refusal, which leaves exactly one `access.denied` event (R-G2's audit trail) and nothing else."""
    before = await _snapshot()
    yield
    after = await _snapshot()
    refusals = after.pop("refusals") - before.pop("refusals")
    event_rows = after.pop("event") - before.pop("event")  # refusals included; "events" counts the others
    audience_rows = after.pop("event_audience") - before.pop("event_audience")
    changed = {name: (count, after[name]) for name, count in before.items() if after[name] != count}
    assert changed == {}, f"the step wrote (before, after): {changed}"
    assert refusals == event_rows == (1 if refused else 0), (refusals, event_rows)
    assert audience_rows == (1 if refused else 0)  # a refusal is seen by the refused principal's agency alone


async def forbidden(api: Api, document: str, variables: dict[str, Any], *, as_user: str) -> None:
    """The step is refused with FORBIDDEN, writes nothing, and the refusal is in the audit trail."""
    await api.token(as_user)  # signed in before the step
    async with writes_nothing(refused=True):
        body = await api.query(document, variables, as_user=as_user)
    assert error_codes(body) == ["FORBIDDEN"], body
    assert body["data"] is None


async def refused_as_missing(api: Api, document: str, variables: dict[str, Any], *, as_user: str, field: str) -> None:
    """The step is refused on a record the principal may not read: it answers as for a record that does not exist
    (NOT_FOUND on `field`), writes nothing, and the refusal is in the audit trail (issue 15, 6)."""
    await api.token(as_user)
    async with writes_nothing(refused=True):
        data = await api.data(document, variables, as_user=as_user)
    [payload] = data.values()
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", field)], payload


async def invalid(
    api: Api, document: str, variables: dict[str, Any], *, as_user: str, code: str, field: str | None = None
) -> None:
    """The step is refused with a typed payload error of `code` (and `field`), and writes nothing."""
    await api.token(as_user)  # signed in before the step
    async with writes_nothing():
        data = await api.data(document, variables, as_user=as_user)
    [payload] = data.values()
    assert [e["code"] for e in payload["errors"]] == [code], payload
    if field is not None:
        assert payload["errors"][0]["field"] == field, payload
    assert all(value is None for key, value in payload.items() if key != "errors"), payload


# -- reading through the API -------------------------------------------------------------------------------------------


def decode(id_: str) -> tuple[str, int]:
    """The type name and database key behind a global ID."""
    type_name, pk = base64.b64decode(id_).decode().split(":", 1)
    return type_name, int(pk)


async def node(api: Api, id_: str, fields: str, *, as_user: str) -> dict[str, Any]:
    """An object by its global ID, as `as_user` sees it; `fields` is a selection on its type."""
    query = f"query($id: ID!) {{ node(id: $id) {{ ... on {decode(id_)[0]} {{ {fields} }} }} }}"
    found: dict[str, Any] = (await api.data(query, {"id": id_}, as_user=as_user))["node"]
    return found


async def hidden(api: Api, id_: str, *, as_user: str) -> None:
    """The object is out of `as_user`'s scope: NOT_FOUND, as if it did not exist."""
    body = await api.query("query($id: ID!) { node(id: $id) { id } }", {"id": id_}, as_user=as_user)
    assert error_codes(body) == ["NOT_FOUND"], body


EVENTS = """query($types: [String!], $after: String) {
  events(first: 100, after: $after, filter: {types: $types}) {
    pageInfo { hasNextPage endCursor } edges { node { type subjectType subjectId actor { username } } } } }"""


async def events_seen(api: Api, subject_type: str, subject: str, types: list[str], *, as_user: str) -> list[str]:
    """The types of the events about one object (`subject_type` as the event log names it, and the object's global
    ID) that `as_user`'s agency sees in the `events` query, oldest first; `types` narrows the query."""
    pk = decode(subject)[1]
    seen: list[str] = []
    after: str | None = None
    for _ in range(100):
        page = (await api.data(EVENTS, {"types": types, "after": after}, as_user=as_user))["events"]
        seen += [e["node"]["type"] for e in page["edges"]
                 if e["node"]["subjectType"] == subject_type and e["node"]["subjectId"] == pk]  # fmt: skip
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]
    raise AssertionError("more than 100 pages of events")
