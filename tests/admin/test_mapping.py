"""The admin's SQLAlchemy classes come from the Tortoise models: every field is there, typed as Tortoise stores it."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from admin.engine import create_engine
from admin.mapping import all_models, build_mapping, mapped_names
from models import Agency, CatalogEntry, User
from models.enums import AgencyKind, SharingCategory


@pytest.fixture(scope="module")
def mapping():
    return build_mapping()


def test_every_tortoise_field_is_in_the_admin_mapping(mapping):
    missing = {}
    for model in all_models():
        mapper = sa.inspect(mapping.of(model))
        lacking = mapped_names(model) - set(mapper.all_orm_descriptors.keys())
        if lacking:
            missing[model.__name__] = sorted(lacking)
    assert not missing, f"fields the admin does not map: {missing}"


def test_a_new_field_the_mapping_lacks_fails(mapping):
    """The check above would catch a field added to a model but not mapped (simulated by asking for one more)."""
    mapper = sa.inspect(mapping.of(Agency))
    assert "not_a_column" not in mapper.all_orm_descriptors
    assert mapped_names(Agency) >= {"name", "kind", "parent", "parent_id", "designation_office_id"}


async def test_rows_read_through_the_admin_classes_are_typed_as_tortoise_wrote_them(mapping, database):
    engine = create_engine(database)
    try:
        async with engine.connect() as connection:
            database_columns = await connection.run_sync(
                lambda sync: {t: {c["name"] for c in sa.inspect(sync).get_columns(t)} for t in mapping.metadata.tables}
            )
            for name, table in mapping.metadata.tables.items():
                assert {c.name for c in table.c} == database_columns[name], (
                    f"{name}: the migrations and the mapping differ"
                )
            agencies = sa.inspect(mapping.of(Agency)).local_table
            row = (await connection.execute(sa.select(agencies).where(agencies.c.code == "南排河"))).one()
            assert row.kind is AgencyKind.TOWNSHIP
            assert isinstance(row.created_at, datetime) and row.created_at.utcoffset() is not None
            entries = sa.inspect(mapping.of(CatalogEntry)).local_table
            entry = (await connection.execute(sa.select(entries).limit(1))).one()
            assert isinstance(entry.category, SharingCategory)
            users = sa.inspect(mapping.of(User)).local_table
            assert (await connection.execute(sa.select(sa.func.count()).select_from(users))).scalar_one() > 0
    finally:
        await engine.dispose()
