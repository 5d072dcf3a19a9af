"""Files attached to records: a notice's photos (R-B1), what an assistance answer provides (R-D1).

The bytes live in the database, keyed by their SHA-256: they commit with the record they belong to, every instance
sees them, and a backup holds them. At the sizes allowed (see `procedures.attachments`) that costs little.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.agency import Agency
from models.base import Entity
from models.officer import User


class AttachmentContent(Model):
    sha256 = fields.CharField(max_length=64, primary_key=True)
    data = fields.BinaryField()

    class Meta:
        table = "attachment_content"


class Attachment(Entity):
    owner_type = fields.CharField(max_length=40)  # "notice", "assistance"
    owner_id = fields.IntField()
    filename = fields.CharField(max_length=200)
    content_type = fields.CharField(max_length=100)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64, db_index=True)
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="attachments", on_delete=fields.RESTRICT, db_index=True
    )
    agency_id: int
    uploaded_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="attachments", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    uploaded_by_id: int | None

    class Meta:
        table = "attachment"
        indexes = (("owner_type", "owner_id"),)
