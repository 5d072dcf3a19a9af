"""Integrators' webhook endpoints: registered for one agency by whoever may manage its API keys, and removed.
Delivery itself is `events.webhooks`."""

from __future__ import annotations

from urllib.parse import urlsplit

from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import Agency, WebhookEndpoint
from permissions.principal import Principal
from procedures.access import require, require_on


class WebhookError(Exception):
    """The endpoint cannot be registered or removed as asked; `code` and `field` say why."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


async def register_webhook(
    actor: Principal | None, *, agency_id: int, url: str, secret: str, event_types: list[str]
) -> WebhookEndpoint:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise WebhookError("INVALID_URL", "the URL must be http(s)://host/…", field="url")
    if len(secret) < 16:
        raise WebhookError("WEAK_SECRET", "the secret must have at least 16 characters", field="secret")
    if not await Agency.exists(id=agency_id):
        raise WebhookError("UNKNOWN_AGENCY", f"no agency has the ID {agency_id}", field="agency")
    if actor is not None:
        await require(actor, "manage", "api_key", agency_id)
    async with in_transaction() as connection:
        endpoint = await WebhookEndpoint.create(agency_id=agency_id, url=url.strip(), secret=secret,
                                                event_types=sorted(set(event_types)), using_db=connection)  # fmt: skip
        await record_event(
            type="webhook.registered", subject_type="webhook", subject_id=endpoint.id, audience=[agency_id],
            actor_id=actor.user_id if actor else None, agency_id=actor.agency_id if actor else None,
            payload={"url": endpoint.url, "types": endpoint.event_types}, using_db=connection,
        )  # fmt: skip
    return endpoint


async def remove_webhook(actor: Principal | None, *, endpoint_id: int) -> WebhookEndpoint:
    endpoint = await WebhookEndpoint.get_or_none(id=endpoint_id)
    if endpoint is None:
        raise WebhookError("UNKNOWN_WEBHOOK", f"no webhook has the ID {endpoint_id}", field="webhook")
    if actor is not None:
        missing = WebhookError("UNKNOWN_WEBHOOK", f"no webhook has the ID {endpoint_id}", field="webhook")
        await require_on(actor, "manage", "api_key", endpoint.agency_id, record=endpoint, resource="api_key",
                         missing=missing)  # fmt: skip
    if not endpoint.active:
        raise WebhookError("ALREADY_REMOVED", "the webhook is already removed", field="webhook")
    async with in_transaction() as connection:
        endpoint.active = False
        await endpoint.save(update_fields=["active"], using_db=connection)
        await record_event(
            type="webhook.removed", subject_type="webhook", subject_id=endpoint.id, audience=[endpoint.agency_id],
            actor_id=actor.user_id if actor else None, agency_id=actor.agency_id if actor else None,
            payload={"url": endpoint.url}, using_db=connection,
        )  # fmt: skip
    return endpoint
