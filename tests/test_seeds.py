"""The seed data: real agencies of Huanghua, the catalog, the calendar, demo records in every state; idempotent."""

from __future__ import annotations

import models
from models.enums import AgencyKind, SharingCategory, TransferStatus
from seeds.load import load_seeds

COUNTED = [
    models.Agency,
    models.User,
    models.Matter,
    models.Jurisdiction,
    models.Case,
    models.Transfer,
    models.CalendarDay,
    models.TimeLimit,
    models.CatalogEntry,
    models.Event,
    models.PolicyRule,
    models.Clue,
    models.AssistanceRequest,
]


async def test_a_second_seed_run_changes_nothing() -> None:
    before = {m.__name__: await m.all().count() for m in COUNTED}
    created = await load_seeds()
    after = {m.__name__: await m.all().count() for m in COUNTED}
    assert created is False
    assert after == before


async def test_huanghua_has_its_government_justice_bureau_departments_and_towns() -> None:
    assert await models.Agency.filter(kind=AgencyKind.COUNTY_GOVERNMENT, name="黄骅市人民政府").exists()
    assert await models.Agency.filter(name="黄骅市司法局").exists()
    assert await models.Agency.filter(kind=AgencyKind.COUNTY_DEPARTMENT).count() >= 10
    locals_ = await models.Agency.filter(kind__in=[AgencyKind.TOWNSHIP, AgencyKind.SUB_DISTRICT]).count()
    assert locals_ >= 4
    assert await models.Agency.filter(name="南排河镇人民政府", code="南排河").exists()


async def test_every_department_with_matters_has_several_with_a_legal_basis() -> None:
    for department in await models.Agency.filter(
        kind=AgencyKind.COUNTY_DEPARTMENT, matters__id__isnull=False
    ).distinct():
        matters = await models.Matter.filter(department=department)
        assert len(matters) >= 2, department.name
        assert all("《" in m.legal_basis for m in matters)


async def test_the_eight_sharing_categories_are_in_the_catalog() -> None:
    categories: set[object] = set(await models.CatalogEntry.all().values_list("category", flat=True))
    assert categories == set(SharingCategory)


async def test_demo_transfers_cover_every_state_but_withdrawn() -> None:
    statuses: set[object] = set(await models.Transfer.all().values_list("status", flat=True))
    assert statuses >= set(TransferStatus) - {TransferStatus.WITHDRAWN}  # other tests add withdrawn ones
