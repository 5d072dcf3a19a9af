"""Webhooks against a real HTTP receiver on loopback: retried with back-off until it answers, signed, sent once
per event across concurrent deliverers, and given up after the last attempt."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from events.outbox import record_event
from events.webhooks import (
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    RetryPolicy,
    deliver_due,
    fan_out,
    verify,
)
from models import Agency, DeliveryStatus, WebhookDelivery
from procedures import audit
from procedures.webhooks import register_webhook
from seeds.people import MARKET, NANPAIHE
from tests.clients.receiver import Received, Receiver, receiver

SECRET = "webhook-test-secret-0123456789"
FAST = RetryPolicy(max_attempts=4, first_delay=0.02, max_delay=0.1, timeout=5)


async def _events(agency_name: str, type_: str, count: int) -> list[int]:
    agency = await Agency.get(name=agency_name)
    ids = [(await record_event(type=type_, subject_type="proof", subject_id=i, audience=[agency.id])).id
           for i in range(count)]  # fmt: skip
    await audit.seal()
    await fan_out()
    return ids


async def _deliver_until(done: object, *, seconds: float = 10) -> None:
    started = time.monotonic()
    async with httpx.AsyncClient() as client:
        while not done() and time.monotonic() - started < seconds:  # type: ignore[operator]
            await deliver_due(client, policy=FAST)
            await asyncio.sleep(0.01)


async def test_a_failing_receiver_gets_each_event_again_until_it_answers_and_every_request_is_signed() -> None:
    await fan_out()  # the first run starts the fan-out at the current head

    async def fail_twice(got: Received, box: Receiver) -> int:
        return 500 if sum(r.event_id == got.event_id for r in box.requests) <= 2 else 200

    async with receiver(fail_twice) as box:
        agency = await Agency.get(name=NANPAIHE)
        endpoint = await register_webhook(None, agency_id=agency.id, url=box.url, secret=SECRET,
                                          event_types=["hooktest.retried"])  # fmt: skip
        ids = await _events(NANPAIHE, "hooktest.retried", 3)
        await _events(MARKET, "hooktest.retried", 1)  # not in the endpoint's agency's audience
        await _events(NANPAIHE, "hooktest.other", 1)  # not a type it asked for
        await _deliver_until(lambda: set(box.ok_ids()) >= set(ids))
    assert sorted(box.ok_ids()) == sorted(ids)
    assert sorted(r.event_id for r in box.requests) == sorted(ids * 3)
    for request in box.requests:
        headers = {k.lower(): v for k, v in request.headers.items()}
        assert verify(SECRET, headers[TIMESTAMP_HEADER.lower()], request.body, headers[SIGNATURE_HEADER.lower()])
        assert not verify("another secret is wrong!", headers[TIMESTAMP_HEADER.lower()], request.body,
                          headers[SIGNATURE_HEADER.lower()])  # fmt: skip
        assert headers[EVENT_HEADER.lower()] == str(request.event_id)
    rows = await WebhookDelivery.filter(endpoint_id=endpoint.id)
    assert {(r.status, r.attempts, r.last_status_code) for r in rows} == {(DeliveryStatus.DELIVERED, 3, 200)}


async def test_a_receiver_that_never_answers_well_is_given_up_after_the_last_attempt() -> None:
    await fan_out()

    async def always_fail(got: Received, box: Receiver) -> int:
        return 503

    async with receiver(always_fail) as box:
        agency = await Agency.get(name=NANPAIHE)
        endpoint = await register_webhook(None, agency_id=agency.id, url=box.url, secret=SECRET,
                                          event_types=["hooktest.failing"])  # fmt: skip
        await _events(NANPAIHE, "hooktest.failing", 1)

        async def given_up() -> bool:
            return await WebhookDelivery.filter(endpoint_id=endpoint.id, status=DeliveryStatus.FAILED).exists()

        started = time.monotonic()
        async with httpx.AsyncClient() as client:
            while not await given_up() and time.monotonic() - started < 10:
                await deliver_due(client, policy=FAST)
                await asyncio.sleep(0.01)
    row = await WebhookDelivery.get(endpoint_id=endpoint.id)
    assert (row.status, row.attempts, row.last_status_code) == (DeliveryStatus.FAILED, FAST.max_attempts, 503)
    assert row.last_response == "answered 503"
    assert len(box.requests) == FAST.max_attempts


async def test_concurrent_deliverers_send_each_event_once(database_url: str) -> None:
    if not database_url.startswith("postgres"):
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite has one process")
    await fan_out()

    async def slow_ok(got: Received, box: Receiver) -> int:
        await asyncio.sleep(0.01)
        return 200

    async with receiver(slow_ok) as box:
        agency = await Agency.get(name=NANPAIHE)
        await register_webhook(None, agency_id=agency.id, url=box.url, secret=SECRET, event_types=["hooktest.once"])
        ids = await _events(NANPAIHE, "hooktest.once", 40)
        await asyncio.gather(*(_deliver_until(lambda: len(box.ok_ids()) >= len(ids)) for _ in range(4)))
    assert sorted(r.event_id for r in box.requests) == sorted(ids), "an event was sent twice, or not at all"
