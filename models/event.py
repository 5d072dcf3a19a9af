"""The event outbox: every state change appends one row, in the same transaction as the change.

The audit trail, subscriptions, webhooks and statistics all read this table.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from models.agency import Agency
from models.case import Case
from models.officer import User


class Event(Model):
    id = fields.BigIntField(primary_key=True)
    type = fields.CharField(max_length=60, db_index=True)  # e.g. "transfer.sent"
    occurred_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="events", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    actor_id: int | None
    agency: fields.ForeignKeyNullableRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="events", null=True, on_delete=fields.SET_NULL, db_index=True
    )  # the agency the actor acted for
    subject_type = fields.CharField(max_length=40)
    agency_id: int | None
    subject_id = fields.IntField()
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="events", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    case_id: int | None
    payload: Any = fields.JSONField(default=dict)
    # The audit chain (see `procedures.audit`): the sealer numbers committed events in the order it finds them and
    # hashes each with its predecessor's hash. These three columns are written once, and nothing else ever is.
    chain_seq = fields.BigIntField(null=True, unique=True)
    prev_hash = fields.CharField(max_length=64, null=True)
    hash = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "event"
        indexes = (("subject_type", "subject_id"),)


class EventAudience(Model):
    """Which agencies may see an event: one row each, so that a subscriber's scope is one SQL join."""

    id = fields.BigIntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="audience", on_delete=fields.CASCADE, db_index=True
    )
    event_id: int
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="event_audience", on_delete=fields.CASCADE
    )
    agency_id: int

    class Meta:
        table = "event_audience"
        unique_together = (("event", "agency"),)
        indexes = (("agency_id", "event_id"),)
