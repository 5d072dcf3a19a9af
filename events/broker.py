"""Wakes the other parts of the system when something changed: in-process by default, Redis across instances.

The broker carries notices, not data of record: a policy change says which lines changed, and every instance applies
them to its own index; whatever a subscriber needs beyond that it reads from the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger("caselink.broker")

Handler = Callable[[dict[str, Any]], Awaitable[None]]
# Called after (re)connecting, when messages may have been missed: subscribers reload what they keep.
ResyncHandler = Callable[[], Awaitable[None]]

INSTANCE_ID = uuid.uuid4().hex


class LocalBroker:
    """One process: publishing calls the handlers directly."""

    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler]] = defaultdict(list)
        self._resync: list[ResyncHandler] = []

    def subscribe(self, channel: str, handler: Handler) -> None:
        self._handlers[channel].append(handler)

    def on_resync(self, handler: ResyncHandler) -> None:
        self._resync.append(handler)

    async def publish(self, channel: str, message: dict[str, Any]) -> None:
        for handler in list(self._handlers[channel]):
            await handler(message)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None


class RedisBroker(LocalBroker):
    """Many processes and hosts: PUBLISH to Redis, and a listener task per process dispatches what arrives.

    Messages are delivered to the local handlers at once and skipped when they come back from Redis, so the instance
    that made a change never waits for the round trip.
    """

    def __init__(self, url: str, *, prefix: str = "caselink") -> None:
        super().__init__()
        self._url = url
        self._prefix = prefix
        self._redis: Redis | None = None
        self._task: asyncio.Task[None] | None = None
        self.connected = asyncio.Event()

    def _channel(self, channel: str) -> str:
        return f"{self._prefix}:{channel}"

    async def publish(self, channel: str, message: dict[str, Any]) -> None:
        await super().publish(channel, message)
        if self._redis is None:
            raise RuntimeError("the Redis broker is not started")
        body = orjson.dumps({"origin": INSTANCE_ID, "message": message})
        await self._redis.publish(self._channel(channel), body)

    async def start(self) -> None:
        self._redis = Redis.from_url(self._url)
        self._task = asyncio.create_task(self._listen(), name="caselink-broker")
        await asyncio.wait_for(self.connected.wait(), timeout=10)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._redis is not None:
            await self._redis.aclose()

    async def _listen(self) -> None:
        assert self._redis is not None
        delay = 0.1
        while True:
            try:
                async with self._redis.pubsub() as pubsub:
                    await pubsub.subscribe(*(self._channel(c) for c in self._handlers))
                    first = not self.connected.is_set()
                    self.connected.set()
                    if not first:  # a reconnection: what was published meanwhile is lost, so resynchronise
                        for resync in list(self._resync):
                            await resync()
                    delay = 0.1
                    async for raw in pubsub.listen():
                        await self._dispatch(raw)
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as exc:
                logger.warning("Redis broker disconnected (%s); reconnecting in %.1f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _dispatch(self, raw: dict[str, Any]) -> None:
        if raw.get("type") != "message":
            return
        channel = raw["channel"].decode() if isinstance(raw["channel"], bytes) else str(raw["channel"])
        envelope = orjson.loads(raw["data"])
        if envelope.get("origin") == INSTANCE_ID:
            return
        name = channel.removeprefix(f"{self._prefix}:")
        for handler in list(self._handlers.get(name, ())):
            try:
                await handler(envelope["message"])
            except Exception:  # one failing subscriber must not stop the others, nor the listener
                logger.exception("broker handler for %s failed", name)


_broker: LocalBroker = LocalBroker()


def get_broker() -> LocalBroker:
    return _broker


def set_broker(broker: LocalBroker) -> None:
    global _broker
    _broker = broker
