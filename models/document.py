"""Document number counters: one per agency, document code and year."""

from __future__ import annotations

from tortoise import fields

from models.agency import Agency
from models.base import Entity


class DocumentCounter(Entity):
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="document_counters", on_delete=fields.CASCADE, db_index=True
    )
    agency_id: int
    doc_code = fields.CharField(max_length=8)  # 移 (transfer), 线 (clue), 协 (assistance), 告 (notice)
    year = fields.IntField()
    value = fields.IntField(default=0)

    class Meta:
        table = "document_counter"
        unique_together = (("agency", "doc_code", "year"),)
