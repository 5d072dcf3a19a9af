"""A deliverer killed mid-delivery (kill -9 of the server) loses nothing: after a restart every event reaches the
receiver. PostgreSQL only: the server is a separate process sharing the test's database."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from pathlib import Path

import pytest

from events.outbox import record_event
from events.webhooks import fan_out
from models import Agency, DeliveryStatus, WebhookDelivery
from procedures.webhooks import register_webhook
from seeds.people import NANPAIHE
from tests.clients.receiver import Received, Receiver, receiver
from tests.servers import free_port, start

pytestmark = pytest.mark.skipif(
    not os.environ.get("CASELINK_TEST_DATABASE_URL", "").startswith("postgres"),
    reason="the server process shares the test's database only on PostgreSQL",
)


def _start(database_url: str, tmp_path: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CASELINK_DATABASE_URL": database_url, "CASELINK_WEBHOOK_SECONDS": "0.05",
           "CASELINK_SECRET_KEY": "webhook-restart-secret-key-long-enough-for-hs256"}  # fmt: skip
    env.pop("CASELINK_REDIS_URL", None)
    return start(env, tmp_path, port=port)[0]


async def test_a_server_killed_mid_delivery_delivers_everything_after_a_restart(
    database_url: str, tmp_path: Path
) -> None:
    await fan_out()
    in_flight, release, delivered = asyncio.Event(), asyncio.Event(), asyncio.Event()
    hang = True
    ids: list[int] = []

    async def hang_first(got: Received, box: Receiver) -> int:
        if hang:  # hold the request open: the server dies while it waits
            in_flight.set()
            await release.wait()
            return 499  # its sender is dead: nobody reads this answer
        if set(box.ok_ids()) | {got.event_id} == set(ids):
            delivered.set()
        return 200

    port = free_port()
    async with receiver(hang_first) as box:
        agency = await Agency.get(name=NANPAIHE)
        endpoint = await register_webhook(None, agency_id=agency.id, url=box.url, secret="restart-secret-0123456789",
                                          event_types=["hooktest.restart"])  # fmt: skip
        ids += [(await record_event(type="hooktest.restart", subject_type="proof", subject_id=i,
                                   audience=[agency.id])).id for i in range(5)]  # fmt: skip
        server = await asyncio.to_thread(_start, database_url, tmp_path, port)
        try:
            await asyncio.wait_for(in_flight.wait(), timeout=20)
            server.send_signal(signal.SIGKILL)  # kill -9: no clean-up of any kind
            await asyncio.to_thread(server.wait, 10)
            assert box.ok_ids() == []
            pending = await WebhookDelivery.filter(endpoint_id=endpoint.id, status=DeliveryStatus.PENDING).count()
            assert pending == len(ids), "the delivery in flight must have rolled back to pending"
            hang = False
            release.set()
            server = await asyncio.to_thread(_start, database_url, tmp_path, port)
            await asyncio.wait_for(delivered.wait(), timeout=20)
            await asyncio.sleep(0.2)  # the last answer is written back
        finally:
            release.set()
            server.kill()
            await asyncio.to_thread(server.wait, 10)
    assert set(box.ok_ids()) == set(ids), "an event was lost"
    rows = await WebhookDelivery.filter(endpoint_id=endpoint.id)
    assert {r.status for r in rows} == {DeliveryStatus.DELIVERED}
