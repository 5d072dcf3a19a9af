"""Webhooks: endpoints that agencies register, and one delivery row per event and endpoint (see events.webhooks)."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.agency import Agency
from models.event import Event


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # given up after the last attempt


class WebhookEndpoint(Model):
    id = fields.IntField(primary_key=True)
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="webhook_endpoints", on_delete=fields.CASCADE
    )
    agency_id: int
    url = fields.CharField(max_length=500)
    secret = fields.CharField(max_length=200)  # the HMAC key: the receiver holds it too, so it is stored as given
    event_types: list[str] = fields.JSONField(default=list)  # empty: every type the agency may see
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "webhook_endpoint"


class WebhookDelivery(Model):
    """At least once: a row stays pending until a 2xx answer, or fails after the last retry."""

    id = fields.BigIntField(primary_key=True)
    endpoint: fields.ForeignKeyRelation[WebhookEndpoint] = fields.ForeignKeyField(
        "models.WebhookEndpoint", related_name="deliveries", on_delete=fields.CASCADE
    )
    endpoint_id: int
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="webhook_deliveries", on_delete=fields.CASCADE
    )
    event_id: int
    status = fields.CharEnumField(DeliveryStatus, max_length=20, default=DeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    last_status_code = fields.IntField(null=True)
    last_response = fields.TextField(null=True)  # the start of the last answer's body, or the error
    delivered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "webhook_delivery"
        unique_together = (("endpoint", "event"),)
        indexes = (("status", "next_attempt_at"),)


class WebhookFanout(Model):
    """One row: the chain position up to which events have been turned into deliveries."""

    id = fields.IntField(primary_key=True)
    chain_seq = fields.BigIntField(default=0)

    class Meta:
        table = "webhook_fanout"
