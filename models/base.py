"""The abstract base every table shares: an integer key and creation/update stamps."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Entity(Model):
    id = fields.IntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        abstract = True
