"""Delegated penalty matters and the jurisdiction catalog: who is competent for which matter, where."""

from __future__ import annotations

from tortoise import fields

from models.agency import Agency
from models.base import Entity


class Matter(Entity):
    """A penalty matter of a county department, possibly delegated to townships (Law Art 24)."""

    code = fields.CharField(max_length=40, db_index=True)
    name = fields.CharField(max_length=300)
    field = fields.CharField(max_length=40, db_index=True)  # 领域: 市场监管, 自然资源, …
    legal_basis = fields.TextField()
    department: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="matters", on_delete=fields.RESTRICT, db_index=True
    )
    department_id: int
    catalog_version = fields.CharField(max_length=20)  # e.g. "2024" for the revised Hebei list
    effective_from = fields.DateField()
    effective_to = fields.DateField(null=True)
    # Decision period from filing, in calendar days (Law Art 60: 90 unless a law says otherwise).
    decision_days = fields.IntField(default=90)

    class Meta:
        table = "matter"
        unique_together = (("code", "catalog_version"),)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Jurisdiction(Entity):
    """One line of the catalog: `agency` is competent for `matter` in `territory` (null for the whole county)."""

    matter: fields.ForeignKeyRelation[Matter] = fields.ForeignKeyField(
        "models.Matter", related_name="jurisdictions", on_delete=fields.CASCADE, db_index=True
    )
    matter_id: int
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="jurisdictions", on_delete=fields.CASCADE, db_index=True
    )
    agency_id: int
    territory: fields.ForeignKeyNullableRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="territorial_jurisdictions", null=True, on_delete=fields.CASCADE, db_index=True
    )
    territory_id: int | None
    basis = fields.CharField(max_length=300, default="")
    effective_from = fields.DateField()
    effective_to = fields.DateField(null=True)

    class Meta:
        table = "jurisdiction"
        unique_together = (("matter", "agency", "territory", "effective_from"),)
