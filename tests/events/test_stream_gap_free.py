"""The proof that the event cursor is gap-free: many writers commit out of order while a subscriber streams and
reconnects at random, and it receives every committed event exactly once, in cursor order.

On PostgreSQL the writers really run concurrently, so transactions commit in another order than their events' IDs
(the test checks that this happened); on SQLite writers queue for the file, and the test still checks the stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random

import pytest
from tortoise.transactions import in_transaction

from events.outbox import record_event
from events.stream import EventHub, SlowConsumer, Streamed, StreamFilter, decode_cursor
from models import Agency
from permissions.authorizer import authorizer
from permissions.index import Scope
from procedures import audit

WRITERS, EVENTS_EACH = 16, 12


async def _nothing() -> float | None:
    return None


@pytest.mark.parametrize("handed", [False, True], ids=["yielded", "delivered by the hub"])
async def test_every_committed_event_is_streamed_once_in_order_across_reconnects(
    database_url: str, handed: bool
) -> None:
    """`handed`: the subscriber hands itself to the hub at the head (as a websocket with direct frames does) and
    refuses one event in ten, which it then gets yielded, as a result with errors is."""
    postgres = database_url.startswith("postgres")
    rng = random.Random(20261129)
    agency = await Agency.all().order_by("id").first()
    assert agency is not None
    # Small pages and ring, so that every path is used; a ring that holds a burst when the hub delivers (a burst
    # beyond it sends the subscriber back to reading pages itself).
    hub = EventHub(relay=audit.seal, poll_seconds=0.01, page=7, keep=1000 if handed else 25)
    await hub.start()
    committed: list[int] = []  # event IDs in commit order
    writers = WRITERS if postgres else 4

    async def writer(n: int) -> None:
        for i in range(EVENTS_EACH):
            async with in_transaction() as connection:
                event = await record_event(type="prooftest.written", subject_type="proof", subject_id=n * 1000 + i,
                                           audience=[agency.id], using_db=connection)  # fmt: skip
                await asyncio.sleep(rng.uniform(0, 0.03))  # a slow transaction: later IDs commit before it
            committed.append(event.id)
            await asyncio.sleep(rng.uniform(0, 0.01))

    received: list[Streamed] = []
    wanted = StreamFilter(
        scope=Scope(everything=False, agency_ids=frozenset({agency.id})),
        types=frozenset({"prooftest.written"}),
        policy_version=authorizer.version,
    )

    async def want() -> StreamFilter:
        return wanted

    reconnects = 0

    cursor, hub_delivered = 0, 0

    async def deliver(item: Streamed) -> bool:
        nonlocal cursor, hub_delivered
        if rng.random() < 0.1:
            return False
        received.append(item)
        cursor, hub_delivered = item.seq, hub_delivered + 1
        return True

    async def subscriber() -> None:
        nonlocal reconnects, cursor
        cursor = hub.head
        while True:
            stream = hub.stream(after=cursor, filter=want, check=_nothing, deliver=deliver if handed else None)
            try:
                async for item in stream:
                    received.append(item)
                    cursor = item.seq
                    if rng.random() < (0.15 if handed else 0.08):  # drop the connection, resume from the last cursor
                        break
            finally:
                await stream.aclose()
            reconnects += 1
            await asyncio.sleep(rng.uniform(0, 0.02))

    listening = asyncio.create_task(subscriber())
    try:
        await asyncio.gather(*(writer(n) for n in range(writers)))
        started = asyncio.get_running_loop().time()
        # polled, not awaited on an event: the subscriber must not learn when the writers are done
        while len(received) < len(committed) and asyncio.get_running_loop().time() - started < 20:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)  # anything delivered twice would arrive now
    finally:
        listening.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listening
        await hub.stop()

    ids = [item.event.id for item in received]
    assert len(ids) == len(set(ids)), "an event was delivered twice"
    assert set(ids) == set(committed), "an event was missed"
    seqs = [item.seq for item in received]
    assert seqs == sorted(seqs) and all(decode_cursor(item.cursor) == item.seq for item in received)
    assert reconnects > (1 if handed else 3)
    if handed:
        # both ways were taken (how many each, the writers' timing decides)
        assert hub_delivered > 0, "the hub's fan-out delivered events, not only the subscriber's own loop"
        assert len(received) > hub_delivered, "and the loop yielded others"
    if postgres:
        out_of_order = sum(1 for a, b in itertools.pairwise(committed) if b < a)
        assert out_of_order > 10, "the writers did not commit out of ID order: the test proved nothing"
        # and the stream's order is not ID order: a client resuming "after the last ID" would have skipped these
        assert any(b.event.id < a.event.id for a, b in itertools.pairwise(received))


async def test_a_subscriber_that_falls_too_far_behind_is_told_to_resume_from_its_cursor() -> None:
    agency = await Agency.all().order_by("id").first()
    assert agency is not None
    hub = EventHub(relay=audit.seal, poll_seconds=0.01, page=5, keep=5, max_lag=10)
    await hub.start()
    wanted = StreamFilter(scope=Scope.all(), types=frozenset({"prooftest.slow"}))

    async def want() -> StreamFilter:
        return wanted

    async def write() -> None:
        await record_event(type="prooftest.slow", subject_type="proof", subject_id=0, audience=[agency.id])

    stream = hub.stream(after=None, filter=want, check=_nothing)
    try:
        reading = asyncio.ensure_future(anext(stream))
        await asyncio.sleep(0.05)
        await write()
        first = await asyncio.wait_for(reading, 5)  # live, at the head
        for _ in range(30):  # the subscriber reads nothing meanwhile
            await write()
        await hub.now()
        with pytest.raises(SlowConsumer) as told:
            while True:
                await asyncio.wait_for(anext(stream), 5)
        assert decode_cursor(told.value.cursor) >= first.seq
        assert len(hub._ring) <= 5  # the hub's memory is bounded whatever the subscribers do
    finally:
        await stream.aclose()
        await hub.stop()
