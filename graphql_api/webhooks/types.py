"""A webhook endpoint and its recent deliveries."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.context import Info
from graphql_api.node import ModelNode
from graphql_api.relations import to_one

if TYPE_CHECKING:
    from graphql_api.agencies.types import Agency

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]

strawberry.enum(models.DeliveryStatus, name="WebhookDeliveryStatus")  # marks the model's enum, as graphql_api.enums


@strawberry.type(description="One event sent (or being sent) to one endpoint.")
class WebhookDelivery:
    event_id: int = strawberry.field(description="The event's database ID: the receiver's idempotency key.")
    status: models.DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    last_status_code: int | None
    last_response: str | None = strawberry.field(description="The start of the last answer, or the error.")
    delivered_at: datetime | None


@strawberry.type(description="Where an agency's events are POSTed, signed with the secret (docs/integrators.md).")
class WebhookEndpoint(ModelNode):
    _model = models.WebhookEndpoint
    _resource = "api_key"  # the same scope as the agency's API keys: rows of the agencies one may read keys of

    url: str
    event_types: list[str] = strawberry.field(description="Empty: every type the agency is in the audience of.")
    active: bool
    created_at: datetime
    agency: _Agency = to_one(models.Agency, "agency_id")

    @strawberry.field(description="The most recent deliveries, newest first.")
    async def recent_deliveries(self, info: Info, first: int = 20) -> list[WebhookDelivery]:
        rows = await models.WebhookDelivery.filter(endpoint_id=self.pk).order_by("-id").limit(min(first, 100))
        return rows


@strawberry.enum
class WebhookErrorCode(StrEnum):
    INVALID_URL = "INVALID_URL"
    WEAK_SECRET = "WEAK_SECRET"
    UNKNOWN_AGENCY = "UNKNOWN_AGENCY"
    UNKNOWN_WEBHOOK = "UNKNOWN_WEBHOOK"
    ALREADY_REMOVED = "ALREADY_REMOVED"


@strawberry.type
class WebhookError:
    code: WebhookErrorCode
    field: str | None
    message: str


@strawberry.type
class WebhookPayload:
    webhook: WebhookEndpoint | None
    errors: list[WebhookError]
