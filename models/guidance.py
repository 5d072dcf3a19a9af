"""R-F1: guidance documents, typical cases, seminars and trainings from departments to townships."""

from __future__ import annotations

from tortoise import fields

from models.agency import Agency
from models.base import Entity
from models.enums import GuidanceKind
from models.officer import User


class GuidanceDocument(Entity):
    title = fields.CharField(max_length=200)
    kind = fields.CharEnumField(GuidanceKind, max_length=16, db_index=True)
    issuer: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="guidance_issued", on_delete=fields.RESTRICT, db_index=True
    )
    issuer_id: int
    body = fields.TextField(default="")
    event_at = fields.DatetimeField(null=True)  # when a seminar or training takes place
    published_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "guidance_document"


class GuidanceAudience(Entity):
    """An agency a guidance document is addressed to."""

    document: fields.ForeignKeyRelation[GuidanceDocument] = fields.ForeignKeyField(
        "models.GuidanceDocument", related_name="audience", on_delete=fields.CASCADE, db_index=True
    )
    document_id: int
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="guidance_received", on_delete=fields.CASCADE, db_index=True
    )
    agency_id: int

    class Meta:
        table = "guidance_audience"
        unique_together = (("document", "agency"),)


class GuidanceRead(Entity):
    """A read confirmation of one agency."""

    document: fields.ForeignKeyRelation[GuidanceDocument] = fields.ForeignKeyField(
        "models.GuidanceDocument", related_name="reads", on_delete=fields.CASCADE, db_index=True
    )
    document_id: int
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="guidance_reads", on_delete=fields.CASCADE, db_index=True
    )
    agency_id: int
    read_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="guidance_reads", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    read_by_id: int | None

    class Meta:
        table = "guidance_read"
        unique_together = (("document", "agency"),)
