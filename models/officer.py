"""People who act (行政执法人员 and staff) and the API keys of integrators."""

from __future__ import annotations

from tortoise import fields

from models.agency import Agency
from models.base import Entity


class User(Entity):
    username = fields.CharField(max_length=64, unique=True)
    display_name = fields.CharField(max_length=64)
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="users", on_delete=fields.RESTRICT, db_index=True
    )
    agency_id: int
    # 行政执法证件号: only certified officers may act in enforcement (Law Art 42).
    certificate_no = fields.CharField(max_length=32, null=True, unique=True)
    phone = fields.CharField(max_length=40, default="")
    password_hash = fields.CharField(max_length=200)
    # Bumped by a password change and by signing out: every token and admin session issued before is refused.
    token_version = fields.IntField(default=0, db_default=0)
    is_active = fields.BooleanField(default=True, db_index=True)

    class Meta:
        table = "user"

    def __str__(self) -> str:
        return f"{self.display_name} ({self.username})"


class ApiKey(Entity):
    """An integrator's key. Only a hash is stored, and the secret is shown once, at creation.
    Its role is a policy line (`g, key:<id>, integrator, agency:<id>`) like any user's."""

    name = fields.CharField(max_length=100)
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="api_keys", on_delete=fields.CASCADE, db_index=True
    )
    agency_id: int
    prefix = fields.CharField(max_length=16, unique=True)  # public part, used to find the row
    key_hash = fields.CharField(max_length=64)  # sha256 of the secret part
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_key"


class AgencyHead(Entity):
    """R-G1: the responsible head (负责人) an agency names for transfer and coordination work."""

    agency: fields.OneToOneRelation[Agency] = fields.OneToOneField(
        "models.Agency", related_name="head", on_delete=fields.CASCADE
    )
    agency_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="headships", on_delete=fields.RESTRICT, db_index=True
    )
    user_id: int
    appointed_on = fields.DateField()

    class Meta:
        table = "agency_head"
