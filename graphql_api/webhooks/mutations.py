"""Registering and removing webhook endpoints."""

from __future__ import annotations

import strawberry
from strawberry import relay

from graphql_api.context import Info, forbidden_on_denial
from graphql_api.relations import decode_id
from graphql_api.webhooks.types import WebhookError, WebhookErrorCode, WebhookPayload
from procedures import webhooks
from procedures.webhooks import WebhookError as Refused


def _error(exc: Refused) -> WebhookError:
    return WebhookError(code=WebhookErrorCode(exc.code), field=exc.field, message=str(exc))


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(
        description="Register an endpoint that receives the agency's events (all, or `eventTypes`) as signed POSTs. "
        "Requires api_key:manage in the agency."
    )
    async def register_webhook(
        self, info: Info, agency: relay.GlobalID, url: str, secret: str, event_types: list[str] | None = None
    ) -> WebhookPayload:
        actor = info.context.require_principal()
        agency_id = decode_id(agency, "Agency", field="agency")
        assert agency_id is not None  # a non-null argument
        try:
            async with forbidden_on_denial():
                row = await webhooks.register_webhook(
                    actor, agency_id=agency_id, url=url, secret=secret, event_types=event_types or []
                )
        except Refused as exc:
            return WebhookPayload(webhook=None, errors=[_error(exc)])
        return WebhookPayload(webhook=row, errors=[])  # type: ignore[arg-type]

    @strawberry.mutation(description="Stop sending to an endpoint. Requires api_key:manage in its agency.")
    async def remove_webhook(self, info: Info, webhook: relay.GlobalID) -> WebhookPayload:
        actor = info.context.require_principal()
        endpoint_id = decode_id(webhook, "WebhookEndpoint", field="webhook")
        assert endpoint_id is not None
        try:
            async with forbidden_on_denial():
                row = await webhooks.remove_webhook(actor, endpoint_id=endpoint_id)
        except Refused as exc:
            return WebhookPayload(webhook=None, errors=[_error(exc)])
        return WebhookPayload(webhook=row, errors=[])  # type: ignore[arg-type]
