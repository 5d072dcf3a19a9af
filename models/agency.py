"""Agencies (行政机关): the township governments, sub-district offices and county bodies that work together."""

from __future__ import annotations

from tortoise import fields

from models.base import Entity
from models.enums import AgencyKind


class Agency(Entity):
    name = fields.CharField(max_length=100, unique=True)
    # The short code printed in document numbers: 南排河 in 南排河移〔2026〕3号.
    code = fields.CharField(max_length=20, unique=True)
    kind = fields.CharEnumField(AgencyKind, max_length=24, db_index=True)
    parent: fields.ForeignKeyNullableRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="children", null=True, on_delete=fields.RESTRICT, db_index=True
    )
    parent_id: int | None
    # The office that handles designation of jurisdiction for a county government (e.g. its justice bureau).
    designation_office: fields.ForeignKeyNullableRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="designating_for", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    designation_office_id: int | None
    credit_code = fields.CharField(max_length=18, null=True, unique=True)  # 统一社会信用代码
    address = fields.CharField(max_length=200, default="")
    phone = fields.CharField(max_length=40, default="")

    class Meta:
        table = "agency"

    def __str__(self) -> str:
        return self.name
