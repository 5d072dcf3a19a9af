"""Start-up and shut-down of what lives beside the requests: the broker, the policy index and its refresher."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from tortoise.exceptions import DBConnectionError, OperationalError

from events import webhooks
from events.broker import LocalBroker, RedisBroker, set_broker
from events.stream import EventHub, set_hub
from models import Deployment
from permissions.authorizer import authorizer
from procedures import audit, deadlines, holiday_notices
from procedures.policies import POLICY_CHANNEL, apply_policy_message

logger = logging.getLogger("caselink")

# How often each instance checks the policy table for changes the broker did not carry (a command-line edit).
POLICY_REFRESH_SECONDS = 5.0


async def deployment_prefix(base: str) -> str:
    """The broker channels' prefix: the configured one and this database's identity, so that two deployments on one
    Redis (same prefix, another database) never take each other's messages. Before the migrations have run there
    is no identity yet, and no server either."""
    try:
        deployment = await Deployment.first()
    except (OperationalError, DBConnectionError):
        return base
    return base if deployment is None else f"{base}:{deployment.uid}"


def make_broker(redis_url: str | None, *, prefix: str = "caselink") -> LocalBroker:
    broker = RedisBroker(redis_url, prefix=prefix) if redis_url else LocalBroker()
    broker.subscribe(POLICY_CHANNEL, apply_policy_message)
    broker.on_resync(authorizer.load)
    return broker


async def _refresh_policy_forever() -> None:
    while True:
        await asyncio.sleep(POLICY_REFRESH_SECONDS)
        try:
            if await authorizer.refresh_if_changed():
                logger.info("policy reloaded: %d lines", authorizer.line_count)
        except Exception:  # a failed check is retried at the next tick; requests keep the policy they have
            logger.exception("policy refresh failed")


async def _supervise_forever(seconds: float) -> None:
    """Seal the audit trail, count deadlines again when the installed calendar package changed, warn of a missing
    holiday notice, and raise deadline warnings; each tick, whichever instance gets each lock does it."""
    while True:
        await asyncio.sleep(seconds)
        try:
            sealed = await audit.seal()
            recomputed = await holiday_notices.sync_package()
            if recomputed:
                logger.info("the calendar package changed: %d open deadlines counted again", recomputed)
            await holiday_notices.warn_missing_year()
            swept = await deadlines.sweep()
            if sealed or swept.total:
                logger.info("sealed %d events, raised %d deadline warnings", sealed, swept.total)
        except Exception:  # retried at the next tick; what was half done rolled back with its transaction
            logger.exception("supervision tick failed")


@contextlib.asynccontextmanager
async def running_services(
    redis_url: str | None,
    *,
    sweep_seconds: float = 0,
    stream_seconds: float = 0.1,
    redis_prefix: str = "caselink",
    webhook_seconds: float = 0,
) -> AsyncIterator[LocalBroker]:
    """The broker, the policy, the event hub and the supervision loop, for the app's lifespan (the database must be
    up). The hub seals new events into the audit chain every `stream_seconds`, which makes them streamable."""
    broker = make_broker(redis_url, prefix=await deployment_prefix(redis_prefix))
    set_broker(broker)
    hub = EventHub(relay=audit.seal, poll_seconds=stream_seconds, broker=broker)
    hub.attach()  # before the broker starts: Redis subscribes to the channels known then
    set_hub(hub)
    await authorizer.load()
    await broker.start()
    await hub.start()
    tasks = [asyncio.create_task(_refresh_policy_forever(), name="caselink-policy-refresh")]
    if sweep_seconds > 0:
        tasks.append(asyncio.create_task(_supervise_forever(sweep_seconds), name="caselink-supervision"))
    if webhook_seconds > 0:
        tasks.append(asyncio.create_task(webhooks.run_forever(poll_seconds=webhook_seconds), name="caselink-webhooks"))
    try:
        yield broker
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await hub.stop()
        set_hub(None)
        await broker.stop()
        set_broker(LocalBroker())
