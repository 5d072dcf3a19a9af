"""R-E1 to R-E3: sharing catalogs kept up to date by providers, in the eight categories, published to consumers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from models import Agency, Event, EventAudience, SharingCatalog, User
from models.enums import Role, SharingCategory, SharingMethod, SharingType, UpdateCycle
from permissions.principal import Principal, user_subject
from procedures import sharing
from procedures.access import AccessDenied
from procedures.people import create_user
from seeds.people import DEMO_PASSWORD
from tests.conftest import Api
from tests.graphql.matrix_world import gid


async def actor(username: str) -> Principal:
    user = await User.get(username=username)
    return Principal(subject=user_subject(user.id), agency_id=user.agency_id, user_id=user.id, username=username)


@pytest.fixture(scope="module")
async def market_admin() -> Principal:
    """The market bureau's agency administrator, who keeps its catalog entries."""
    await create_user(username="scj_admin", agency_code="黄骅市监", role=Role.AGENCY_ADMIN, password=DEMO_PASSWORD)
    return await actor("scj_admin")


async def _entry(code: str, sharing_type: SharingType, basis: str = "《政府信息公开条例》") -> sharing.EntryInput:
    catalog = await SharingCatalog.get(name="黄骅市乡镇综合行政执法信息共享目录")
    return sharing.EntryInput(catalog_id=catalog.id, classification_code="103009", name=f"许可信息 {code}", code=code,
                              category=SharingCategory.SUPERVISION_INFO, sharing_type=sharing_type,
                              method=SharingMethod.API, update_cycle=UpdateCycle.DAILY, legal_basis=basis)  # fmt: skip


async def test_r_e1_a_provider_keeps_its_entries_and_the_rules_of_an_entry_hold(market_admin: Principal) -> None:
    """R-E1: the provider's administrator adds entries; classification codes and legal bases are checked."""
    entry = await sharing.create_entry(market_admin, await _entry("SC-LIC-1", SharingType.CONDITIONAL))
    assert entry.provider_id == market_admin.agency_id
    with pytest.raises(sharing.SharingError) as basis:
        await sharing.create_entry(market_admin, await _entry("SC-LIC-2", SharingType.NOT_SHARED, basis=""))
    assert basis.value.code == "LEGAL_BASIS_REQUIRED"
    malformed = replace(await _entry("SC-LIC-3", SharingType.UNCONDITIONAL), classification_code="1-02")
    with pytest.raises(sharing.SharingError) as code:
        await sharing.create_entry(market_admin, malformed)
    assert code.value.code == "INVALID_CODE"
    with pytest.raises(AccessDenied):  # an officer does not keep the catalog
        await sharing.create_entry(await actor("scj_liu"), await _entry("SC-LIC-4", SharingType.UNCONDITIONAL))


async def test_r_e2_the_eight_categories_are_the_guidances() -> None:
    """R-E2: laws and standards, supervision information, penalty decisions, statistics, discretion benchmarks and
    workflows, dynamic information, complaint handling, other enforcement information."""
    assert [c.value for c in SharingCategory] == [
        "laws_and_standards", "supervision_info", "penalty_decisions", "statistics", "discretion_and_workflows",
        "dynamic_info", "complaint_handling", "other",
    ]  # fmt: skip


async def test_r_e3_publishing_notifies_the_consumers_the_entry_allows(api: Api, market_admin: Principal) -> None:
    """R-E3: a conditional entry reaches the consumers its provider approved, and no one else, on publication."""
    leader = await actor("scj_leader")
    conditional = await sharing.create_entry(market_admin, await _entry("SC-LIC-5", SharingType.CONDITIONAL))
    nph, town = await Agency.get(code="南排河"), await Agency.get(code="黄骅镇")
    request = await sharing.request_access(await actor("nph_zhang"), conditional.id, purpose="核查辖区经营主体")
    with pytest.raises(AccessDenied):  # only the provider decides
        await sharing.decide_access(await actor("nph_leader"), request.id, approve=True)
    with pytest.raises(sharing.SharingError) as reasonless:
        await sharing.decide_access(leader, request.id, approve=False)
    assert reasonless.value.code == "REASON_REQUIRED"
    await sharing.decide_access(leader, request.id, approve=True)
    resource = await sharing.publish(leader, conditional.id, title="2026年11月许可信息")
    event = await Event.get(type="sharing.published", subject_id=resource.id)
    audience: set[object] = set(await EventAudience.filter(event=event).values_list("agency_id", flat=True))
    assert nph.id in audience and town.id not in audience
    query = "{ sharedResources(first: 100) { edges { node { id } } } }"
    seen = await api.data(query, as_user="nph_zhang")
    assert gid("SharedResource", resource.id) in {e["node"]["id"] for e in seen["sharedResources"]["edges"]}
    unseen = await api.data(query, as_user="hhz_ma")
    assert gid("SharedResource", resource.id) not in {e["node"]["id"] for e in unseen["sharedResources"]["edges"]}
