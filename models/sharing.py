"""R-E1 to R-E3: sharing catalogs (政务信息资源目录), their entries and what is published under them."""

from __future__ import annotations

from typing import Any

from tortoise import fields

from models.agency import Agency
from models.base import Entity
from models.enums import AccessRequestStatus, SharingCategory, SharingMethod, SharingType, UpdateCycle
from models.officer import User


class SharingCatalog(Entity):
    name = fields.CharField(max_length=200, unique=True)
    owner: fields.ForeignKeyNullableRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="sharing_catalogs", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    owner_id: int | None
    description = fields.TextField(default="")
    version = fields.CharField(max_length=20, default="1")

    class Meta:
        table = "sharing_catalog"


class CatalogEntry(Entity):
    catalog: fields.ForeignKeyRelation[SharingCatalog] = fields.ForeignKeyField(
        "models.SharingCatalog", related_name="entries", on_delete=fields.CASCADE, db_index=True
    )
    catalog_id: int
    classification_code = fields.CharField(max_length=20, db_index=True)  # class 1, item 2, entry 3 digits, sub-entry
    name = fields.CharField(max_length=200)
    code = fields.CharField(max_length=40, unique=True)
    provider: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="catalog_entries", on_delete=fields.RESTRICT, db_index=True
    )
    provider_id: int
    category = fields.CharEnumField(SharingCategory, max_length=32, db_index=True)
    summary = fields.TextField(default="")
    data_format = fields.CharField(max_length=40, default="")
    data_items: Any = fields.JSONField(default=list)  # [{"name": …, "type": …}]
    sharing_type = fields.CharEnumField(SharingType, max_length=16, db_index=True)
    legal_basis = fields.TextField(default="")  # required for conditional and not-shared entries
    conditions = fields.TextField(default="")
    method = fields.CharEnumField(SharingMethod, max_length=16)
    open_to_public = fields.BooleanField(default=False)
    update_cycle = fields.CharEnumField(UpdateCycle, max_length=16)
    publish_date = fields.DateField(null=True)

    class Meta:
        table = "catalog_entry"


class SharedResource(Entity):
    """Something published under an entry: a document, a data set, a penalty decision, statistics."""

    entry: fields.ForeignKeyRelation[CatalogEntry] = fields.ForeignKeyField(
        "models.CatalogEntry", related_name="resources", on_delete=fields.CASCADE, db_index=True
    )
    entry_id: int
    title = fields.CharField(max_length=200)
    body = fields.TextField(default="")
    url = fields.CharField(max_length=500, default="")
    published_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="resources_published", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    published_by_id: int | None
    published_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "shared_resource"


class SharingAccessRequest(Entity):
    """A consumer asks for a conditional entry, and the provider approves or rejects."""

    entry: fields.ForeignKeyRelation[CatalogEntry] = fields.ForeignKeyField(
        "models.CatalogEntry", related_name="access_requests", on_delete=fields.CASCADE, db_index=True
    )
    entry_id: int
    consumer: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="sharing_access_requests", on_delete=fields.CASCADE, db_index=True
    )
    consumer_id: int
    purpose = fields.TextField()
    status = fields.CharEnumField(AccessRequestStatus, max_length=16, default=AccessRequestStatus.PENDING)
    decided_at = fields.DatetimeField(null=True)
    decision_note = fields.TextField(default="")

    class Meta:
        table = "sharing_access_request"
        unique_together = (("entry", "consumer"),)
