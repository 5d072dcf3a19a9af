"""Webhook delivery: at least once, signed, retried with exponential back-off and jitter, never doubled across
instances.

Two steps, each safe with any number of instances:

1. Fan-out: events are turned into delivery rows in chain order (the gap-free cursor of `events.stream`), from a
   one-row cursor table locked `FOR UPDATE`; the rows and the cursor commit together, so an event gets its
   deliveries once, even when an instance dies half-way.
2. Delivery: a due row is locked with `FOR UPDATE SKIP LOCKED` for the time of its HTTP request, and its outcome
   is written in the same transaction. Another instance skips a locked row instead of sending it again. An instance
   killed mid-request rolls back: the row is due again and another attempt is made (at least once; the receiver
   de-duplicates on the event ID, the idempotency key).

The body is signed: `X-CaseLink-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` with the
timestamp in `X-CaseLink-Timestamp`, so a receiver can refuse replays of old requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from events.outbox import record_event
from events.stream import encode_cursor
from models import DeliveryStatus, Event, EventAudience, WebhookDelivery, WebhookEndpoint, WebhookFanout
from permissions.principal import Principal
from procedures.access import require

logger = logging.getLogger("caselink.webhooks")

SIGNATURE_HEADER = "X-CaseLink-Signature"
TIMESTAMP_HEADER = "X-CaseLink-Timestamp"
EVENT_HEADER = "X-CaseLink-Event-Id"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 8
    first_delay: float = 5.0  # seconds before the second attempt; doubled each time, jittered ±50 %
    max_delay: float = 3600.0
    timeout: float = 10.0  # for one HTTP request

    def delay(self, attempts: int) -> float:
        base = min(self.first_delay * 2 ** (attempts - 1), self.max_delay)
        return float(base * random.uniform(0.5, 1.5))


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={mac}"


def verify(secret: str, timestamp: str, body: bytes, signature: str, *, tolerance: float = 300) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent."""
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, int(timestamp), body), signature)


_fanout_lock = asyncio.Lock()  # SQLite: one process; PostgreSQL: the row lock below as well


async def fan_out(*, batch: int = 500) -> int:
    """Turn newly sealed events into delivery rows for the endpoints that may see them; the number of rows made."""
    made = 0
    while True:
        async with _fanout_lock, in_transaction() as connection:
            cursor = await WebhookFanout.filter(id=1).using_db(connection).select_for_update().first()
            if cursor is None:  # the first time: start from now, not from the whole history
                head = await Event.filter(chain_seq__isnull=False).using_db(connection).order_by("-chain_seq").first()
                await WebhookFanout.create(id=1, chain_seq=head.chain_seq if head else 0, using_db=connection)
                return made
            events = (
                await Event.filter(chain_seq__gt=cursor.chain_seq)
                .using_db(connection)
                .order_by("chain_seq")
                .limit(batch)
            )
            if not events:
                return made
            endpoints = await WebhookEndpoint.filter(active=True).using_db(connection)
            rows = list(_deliveries(events, endpoints, await _audiences(events, connection)))
            if rows:
                await WebhookDelivery.bulk_create(rows, using_db=connection)
            cursor.chain_seq = int(events[-1].chain_seq or 0)
            await cursor.save(update_fields=["chain_seq"], using_db=connection)
            made += len(rows)
        if len(events) < batch:
            return made


async def _audiences(events: list[Event], connection: BaseDBAsyncClient) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    pairs = (
        await EventAudience.filter(event_id__in=[e.id for e in events])
        .using_db(connection)
        .values_list("event_id", "agency_id")
    )
    for event_id, agency_id in pairs:
        found.setdefault(int(event_id), set()).add(int(agency_id))
    return found


def _deliveries(
    events: list[Event], endpoints: Iterable[WebhookEndpoint], audiences: dict[int, set[int]]
) -> Iterable[WebhookDelivery]:
    now = datetime.now(UTC)
    endpoints = list(endpoints)
    for event in events:
        audience = audiences.get(event.id, set())
        for endpoint in endpoints:
            # the same scope as the events query: the endpoint's agency is in the event's audience
            if endpoint.agency_id in audience and (not endpoint.event_types or event.type in endpoint.event_types):
                yield WebhookDelivery(endpoint_id=endpoint.id, event_id=event.id, next_attempt_at=now)


def body_of(event: Event) -> bytes:
    return orjson.dumps(
        {
            "id": event.id,
            "cursor": encode_cursor(int(event.chain_seq or 0)),
            "type": event.type,
            "occurredAt": event.occurred_at.isoformat(),
            "subjectType": event.subject_type,
            "subjectId": event.subject_id,
            "caseId": event.case_id,
            "agencyId": event.agency_id,
            "payload": event.payload,
        }
    )


async def deliver_due(client: httpx.AsyncClient, *, policy: RetryPolicy, batch: int = 10) -> int:
    """Attempt the due deliveries; the number attempted. On PostgreSQL each is locked (SKIP LOCKED) while its request
    runs. SQLite has one process and one writer: rows are read, sent and written back outside a transaction, so a
    slow receiver never holds the database's write lock."""
    if connections.get("default").capabilities.dialect != "postgres":
        async with _sqlite_lock:
            due = await _due(batch, None)
            for delivery in due:
                await _attempt(client, delivery, policy, None)
            return len(due)
    async with in_transaction() as connection:
        due = await _due(batch, connection)
        for delivery in due:
            await _attempt(client, delivery, policy, connection)
        return len(due)


_sqlite_lock = asyncio.Lock()


async def _due(batch: int, connection: BaseDBAsyncClient | None) -> list[WebhookDelivery]:
    query = (
        WebhookDelivery.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=datetime.now(UTC))
        .using_db(connection)
        .order_by("next_attempt_at", "id")
        .limit(batch)
        .prefetch_related("endpoint", "event")
    )
    if connection is not None:
        query = query.select_for_update(skip_locked=True, of=("webhook_delivery",))
    return list(await query)


async def _attempt(
    client: httpx.AsyncClient, delivery: WebhookDelivery, policy: RetryPolicy, connection: BaseDBAsyncClient | None
) -> None:
    endpoint, event = delivery.endpoint, delivery.event
    body = body_of(event)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        EVENT_HEADER: str(event.id),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
    }
    delivery.attempts += 1
    try:
        response = await client.post(endpoint.url, content=body, headers=headers, timeout=policy.timeout)
        delivery.last_status_code, delivery.last_response = response.status_code, response.text[:1000]
        ok = 200 <= response.status_code < 300
    except httpx.HTTPError as exc:
        delivery.last_status_code, delivery.last_response = None, f"{type(exc).__name__}: {exc}"[:1000]
        ok = False
    now = datetime.now(UTC)
    if ok:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, now
    elif delivery.attempts >= policy.max_attempts:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.next_attempt_at = now + timedelta(seconds=policy.delay(delivery.attempts))
    await delivery.save(
        update_fields=["attempts", "status", "next_attempt_at", "last_status_code", "last_response", "delivered_at"],
        using_db=connection,
    )


async def run_forever(*, poll_seconds: float = 0.5, policy: RetryPolicy | None = None) -> None:
    """Each instance: fan out and deliver, every `poll_seconds`."""
    policy = policy or RetryPolicy()
    async with httpx.AsyncClient() as client:
        while True:
            try:
                await fan_out()
                while await deliver_due(client, policy=policy):
                    pass
            except asyncio.CancelledError:
                raise
            except Exception:  # the database or a receiver misbehaved: the next tick tries again
                logger.exception("webhook delivery tick failed")
            await asyncio.sleep(poll_seconds)


@contextlib.asynccontextmanager
async def running(*, poll_seconds: float = 0.5, policy: RetryPolicy | None = None) -> Any:
    task = asyncio.create_task(run_forever(poll_seconds=poll_seconds, policy=policy), name="caselink-webhooks")
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def retry_delivery(actor: Principal, delivery_id: int, *, at: datetime | None = None) -> WebhookDelivery:
    """An administrator sends a failed delivery again, with a fresh series of attempts; the act is an event."""
    now = at or datetime.now(UTC)
    delivery = await WebhookDelivery.get_or_none(id=delivery_id)
    if delivery is None:
        raise LookupError(f"no webhook delivery has the ID {delivery_id}")
    endpoint = await WebhookEndpoint.get(id=delivery.endpoint_id)
    await require(actor, "manage", "api_key", endpoint.agency_id)
    async with in_transaction() as connection:
        changed = (
            await WebhookDelivery.filter(id=delivery.id, status=DeliveryStatus.FAILED)
            .using_db(connection)
            .update(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now)
        )
        if not changed:
            raise ValueError(f"delivery {delivery.id} is {delivery.status.value}: only a failed one is retried")
        await record_event(type="webhook.delivery_retried", subject_type="webhook", subject_id=endpoint.id,
                           audience=[endpoint.agency_id], actor_id=actor.user_id, agency_id=actor.agency_id,
                           payload={"delivery": delivery.id, "event": delivery.event_id},
                           using_db=connection)  # fmt: skip
    return await WebhookDelivery.get(id=delivery.id)
