"""A page of cases with nested relations costs a constant number of SQL statements, whatever the page size."""

from __future__ import annotations

from datetime import UTC, datetime

from models import Agency, Case, Matter, Party, Transfer, TransferOfficer, User
from models.enums import AgencyKind, PartyKind, Role
from procedures.people import create_user
from seeds.people import DEMO_PASSWORD
from tests.conftest import Api, count_statements

PAGE = """
query Page($first: Int!) {
  cases(first: $first) {
    edges { node {
      number status agency { name parent { name } } matter { name department { name } }
      parties { name kind }
      transfers { status sender { name } receiver { name } officers { officer { displayName } } }
    } }
  }
}
"""


async def _township_with_cases(count: int) -> None:
    """A township of its own, so that other tests' counts stay as the seeds made them."""
    city = await Agency.get(kind=AgencyKind.COUNTY_GOVERNMENT)
    town = await Agency.create(name="批量测试镇人民政府", code="批量", kind=AgencyKind.TOWNSHIP, parent=city)
    market = await Agency.get(code="黄骅市监")
    matter = await Matter.filter(department=market).order_by("id").first()
    assert matter is not None
    officer = await create_user(username="bulk_officer", agency_code="批量", role=Role.OFFICER, password=DEMO_PASSWORD)
    second = await User.create(username="bulk_second", display_name="第二", agency=town, password_hash="x")
    now = datetime.now(UTC)
    await Case.bulk_create(
        [
            Case(
                number=f"批量-{i:04d}", title=f"批量案件 {i}", agency_id=town.id, matter_id=matter.id, discovered_at=now
            )
            for i in range(count)
        ]
    )
    ids = list(await Case.filter(agency=town).values_list("id", flat=True))
    await Party.bulk_create([Party(case_id=pk, kind=PartyKind.PERSON, name=f"当事人{pk}") for pk in ids])
    await Transfer.bulk_create(
        [
            Transfer(
                case_id=pk, sender_id=town.id, receiver_id=market.id, reason="批量", decided_at=now, send_deadline=now
            )
            for pk in ids
        ]
    )
    transfers = list(await Transfer.filter(sender=town).values_list("id", flat=True))
    await TransferOfficer.bulk_create(
        [
            TransferOfficer(transfer_id=t, officer_id=u.id, is_lead=u is officer)
            for t in transfers
            for u in (officer, second)
        ]
    )


async def test_statements_do_not_grow_with_the_page_size(api: Api) -> None:
    await _township_with_cases(120)
    await api.token("bulk_officer")  # log in outside the measured blocks
    with count_statements() as small:
        data = await api.data(PAGE, {"first": 10}, as_user="bulk_officer")
    assert len(data["cases"]["edges"]) == 10
    with count_statements() as large:
        data = await api.data(PAGE, {"first": 100}, as_user="bulk_officer")
    nodes = [edge["node"] for edge in data["cases"]["edges"]]
    assert len(nodes) == 100
    assert all(node["parties"] and len(node["transfers"][0]["officers"]) == 2 for node in nodes)
    # A loader's batch may close one event-loop tick early and split in two (agencies at two depths, say), so the
    # counts may differ by a statement or two; an N+1 would add about 90 here.
    assert abs(len(large) - len(small)) <= 2, (small, large)
    assert len(large) <= 12, large
