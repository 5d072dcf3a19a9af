"""Resumable event streams: every committed event, once, in one order that a reconnecting client can resume from.

The cursor is the event's position in the audit chain (`Event.chain_seq`), not its ID. IDs are handed out when a
transaction *inserts*, so a slow transaction can commit ID 100 after ID 101 was committed and streamed; a stream that
resumed "after 101" would skip 100 for ever (the flaw of cursor streams on a serial column, hasura/graphql-engine
issues 8632 and 9528). Chain positions are handed out *after* commit, by one sealer at a time
(`procedures.audit.seal`, serialised by a PostgreSQL advisory lock, see `procedures.exclusive`):

1. a sealing transaction reads only committed events, numbers them `head + 1, head + 2, …` and commits them at once;
2. the next sealing transaction starts only after the previous one committed (the lock is held to its end, and
   PostgreSQL makes a commit visible before it releases the transaction's locks), so it reads the new head;
3. hence whenever a reader sees position n, it sees every position below n: positions become visible as whole,
   gap-free prefixes, and "positions after my cursor" never loses an event. An event committed while a seal runs
   is simply numbered by the next seal.

An event becomes streamable when it is sealed. Each instance's hub seals (whichever instance gets the lock does the
work) and loads new positions every `poll_seconds`, and the broker tells the other instances at once.

Per instance, one hub reads each new event once and keeps the most recent ones in a bounded ring; a subscriber at
the head filters the ring in memory (`permissions.filters.event_visible`, the in-memory form of the SQL scope
`scope_filter("event", …)`), and one that is behind reads from the database, one page at a
time, with the SQL scope. A subscriber holds at most one page: a slow client slows only its own reads, and one that
lags more than `max_lag` positions behind while live is told to resume from its cursor (`SlowConsumer`).

A subscriber at the head that can take events without yielding them (`deliver`: the websocket writes a frame
rendered once per audience, graphql_api.events.direct_delivery) hands itself to the hub and sleeps: each tick,
the hub's one loop passes the new events to every such subscriber, instead of waking thousands of tasks, each to
look at one event. The subscriber's task wakes again when its credentials are due a check, when the policy
changes (its filter is decided anew), or when an event must go the ordinary way; it resumes from the cursor the
hub reached, so no event is skipped or sent twice.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import Q

from events.broker import LocalBroker
from models import Event, EventAudience
from permissions.authorizer import authorizer
from permissions.filters import event_visible, scope_filter
from permissions.index import Scope

logger = logging.getLogger("caselink.stream")

STREAM_CHANNEL = "events"
IDLE_SECONDS = 5.0  # an idle subscriber checks its credentials and scope at least this often
DUE_SWEEP_SECONDS = 0.25  # how late a subscriber handed to the hub may be woken for its credentials check
_CURSOR_PREFIX = "chain:"


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{seq}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The chain position in a cursor; ValueError when it is not one of ours."""
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError("not an event cursor") from exc
    if not text.startswith(_CURSOR_PREFIX) or not text[len(_CURSOR_PREFIX) :].isdigit():
        raise ValueError("not an event cursor")
    return int(text[len(_CURSOR_PREFIX) :])


class SlowConsumer(Exception):
    """The subscriber fell too far behind the live stream; it should reconnect with `cursor`."""

    def __init__(self, seq: int) -> None:
        super().__init__(f"the subscriber fell too far behind: resume from cursor {encode_cursor(seq)}")
        self.cursor = encode_cursor(seq)


@dataclass(frozen=True, slots=True)
class StreamFilter:
    """Which events a subscriber wants: those its read scope of events shows (permissions.filters), narrowed."""

    scope: Scope
    types: frozenset[str] | None = None
    type_prefix: str | None = None
    subject_type: str | None = None
    case_id: int | None = None
    agency_ids: frozenset[int] | None = None  # the agencies that acted
    # The Authorizer's version the scope was read under; the hub delivers with this filter only while it holds.
    policy_version: int | None = None

    def matches(self, event: Event, audience: frozenset[int]) -> bool:
        if not event_visible(self.scope, audience):
            return False
        if self.types is not None and event.type not in self.types:
            return False
        if self.type_prefix is not None and not event.type.startswith(self.type_prefix):
            return False
        if self.subject_type is not None and event.subject_type != self.subject_type:
            return False
        if self.case_id is not None and event.case_id != self.case_id:
            return False
        return self.agency_ids is None or event.agency_id in self.agency_ids

    def where(self) -> Q:
        """The same conditions as SQL, for reads from the database."""
        q = scope_filter("event", self.scope) or Q()
        if self.types is not None:
            q &= Q(type__in=sorted(self.types))
        if self.type_prefix is not None:
            q &= Q(type__startswith=self.type_prefix)
        if self.subject_type is not None:
            q &= Q(subject_type=self.subject_type)
        if self.case_id is not None:
            q &= Q(case_id=self.case_id)
        if self.agency_ids is not None:
            q &= Q(agency_id__in=sorted(self.agency_ids))
        return q


@dataclass(frozen=True, slots=True)
class Streamed:
    seq: int
    event: Event

    @property
    def cursor(self) -> str:
        return encode_cursor(self.seq)


@dataclass(slots=True)
class _Loaded:
    seq: int
    event: Event
    audience: frozenset[int]
    streamed: Streamed  # made once, handed to every subscriber


Relay = Callable[[], Awaitable[int]]
# Sends one event to the subscriber itself; False when it must be yielded instead (the ordinary way).
Deliver = Callable[[Streamed], Awaitable[bool]]


@dataclass(eq=False, slots=True)
class _Pusher:
    """A subscriber at the head, whose live events the hub delivers until `woken` is resolved (with its cursor)."""

    cursor: int
    wanted: StreamFilter
    version: int  # the policy version `wanted` was decided under
    deliver: Deliver
    due: float  # monotonic time at which the subscriber must check its credentials again
    woken: asyncio.Future[int]

    def wake(self) -> None:
        if not self.woken.done():
            self.woken.set_result(self.cursor)


@dataclass
class EventHub:
    """One per process: seals (through `relay`), loads new chain positions once, and wakes its subscribers."""

    relay: Relay | None = None
    poll_seconds: float = 0.1
    keep: int = 4096  # events kept in memory for subscribers at the head
    page: int = 200  # events read from the database at a time
    max_lag: int = 10_000
    broker: LocalBroker | None = None
    head: int = 0
    _ring: deque[_Loaded] = field(default_factory=deque)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None
    _started: bool = False
    _ticks_started: int = 0
    _ticks_done: int = 0
    _ticked: asyncio.Event = field(default_factory=asyncio.Event)
    _attached: bool = False
    _stopping: bool = False
    _pushers: dict[_Pusher, None] = field(default_factory=dict)  # insertion-ordered set
    _fanned_version: int = -1
    _due_sweep: float = 0.0

    def attach(self) -> None:
        """Listen to the broker: call before the broker starts."""
        if self.broker is not None and not self._attached:
            self._attached = True
            self.broker.subscribe(STREAM_CHANNEL, self._on_message)
            self.broker.on_resync(self._on_resync)

    async def start(self) -> None:
        if self._started:
            return
        self._started = True
        self.attach()
        self.head = await current_head()
        self._task = asyncio.create_task(self._run(), name="caselink-event-hub")

    async def stop(self) -> None:
        """Let the current tick finish, then stop. Cancelling a tick inside its transaction could leave Tortoise's
        SQLite connection lock held (the cancel landing between taking the lock and starting the transaction), and
        every later transaction of the process would wait for ever."""
        if self._task is not None:
            self._stopping = True
            self._wake.set()
            done, _ = await asyncio.wait({self._task}, timeout=10)
            if not done:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
        self._task, self._started, self._stopping = None, False, False

    async def _on_message(self, message: dict[str, Any]) -> None:
        if int(message.get("head", 0)) > self.head:
            self._wake.set()

    async def _on_resync(self) -> None:
        self._wake.set()

    def nudge(self) -> None:
        """Something was committed: seal and load now rather than at the next tick."""
        self._wake.set()

    async def now(self) -> int:
        """The head once everything committed so far is sealed and loaded: where a stream "from now" starts.
        Subscribers that ask together share one tick."""
        wanted = self._ticks_started + 1
        self._wake.set()
        while self._ticks_done < wanted:
            ticked = self._ticked
            await ticked.wait()
        return self.head

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_seconds)
            self._wake.clear()
            if self._stopping:
                return
            self._ticks_started += 1
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database may be away for a moment: the next tick tries again
                logger.exception("event hub tick failed")
            self._ticks_done = self._ticks_started
            ticked, self._ticked = self._ticked, asyncio.Event()
            ticked.set()

    async def tick(self) -> None:
        sealed = await self.relay() if self.relay is not None else 0
        loaded = await self._load()
        if sealed and self.broker is not None:
            await self.broker.publish(STREAM_CHANNEL, {"head": self.head})
        if loaded:
            changed, self._changed = self._changed, asyncio.Event()
            changed.set()
        await self._fan_out(loaded)

    async def _fan_out(self, loaded: int) -> None:
        """Deliver the new events to every subscriber handed to the hub, in one loop; wake those that must act."""
        now = asyncio.get_running_loop().time()
        if not loaded and authorizer.version == self._fanned_version and now < self._due_sweep:
            return  # nothing new, and no subscriber's credentials are due before the next sweep
        self._fanned_version, self._due_sweep = authorizer.version, now + DUE_SWEEP_SECONDS
        pending: dict[int, list[_Loaded] | None] = {}
        for pusher in list(self._pushers):
            if pusher.woken.done():
                continue
            if pusher.version != authorizer.version or now >= pusher.due:
                pusher.wake()
                continue
            if pusher.cursor not in pending:
                pending[pusher.cursor] = self._from_ring(pusher.cursor)
            items = pending[pusher.cursor]
            if items is None:  # behind the ring: its task reads the database
                pusher.wake()
                continue
            try:
                for item in items:
                    if pusher.woken.done() or pusher.version != authorizer.version:
                        break
                    matches = pusher.wanted.matches(item.event, item.audience)
                    if matches and not await pusher.deliver(item.streamed):
                        break  # the task yields this one itself
                    pusher.cursor = item.seq
            except Exception as exc:  # the subscriber's own failure: its task raises it
                if not pusher.woken.done():
                    pusher.woken.set_exception(exc)
                continue
            if pusher.cursor < self.head or pusher.version != authorizer.version:
                pusher.wake()

    async def _load(self) -> int:
        total = 0
        while True:
            rows = await Event.filter(chain_seq__gt=self.head).order_by("chain_seq").limit(self.page)
            if not rows:
                return total
            audiences = await _audiences([e.id for e in rows])
            for event in rows:
                seq = int(event.chain_seq or 0)
                if seq != self.head + 1:  # cannot happen while the sealer numbers without gaps; reload from there
                    raise RuntimeError(f"the chain jumps from {self.head} to {seq}")
                self._ring.append(_Loaded(seq, event, audiences.get(event.id, frozenset()), Streamed(seq, event)))
                self.head = seq
                if len(self._ring) > self.keep:
                    self._ring.popleft()
            total += len(rows)
            if len(rows) < self.page:
                return total

    def _from_ring(self, after: int) -> list[_Loaded] | None:
        """The loaded events after `after`, or None when the ring no longer reaches back that far."""
        if after >= self.head:
            return []
        if not self._ring or self._ring[0].seq > after + 1:
            return None
        start = after + 1 - self._ring[0].seq
        return [self._ring[i] for i in range(start, len(self._ring))]

    async def _handed_over(self, cursor: int, wanted: StreamFilter, deliver: Deliver, recheck: float | None) -> int:
        """Sleep while the hub delivers; the cursor it reached when it woke the subscriber."""
        loop = asyncio.get_running_loop()
        assert wanted.policy_version is not None
        due = loop.time() + min(IDLE_SECONDS, recheck or IDLE_SECONDS)
        pusher = _Pusher(cursor, wanted, wanted.policy_version, deliver, due, loop.create_future())
        self._pushers[pusher] = None
        try:
            return await pusher.woken
        finally:
            self._pushers.pop(pusher, None)
            pusher.woken.cancel()

    async def stream(
        self,
        *,
        after: int | None,
        filter: Callable[[], Awaitable[StreamFilter]],
        check: Callable[[], Awaitable[float | None]],
        deliver: Deliver | None = None,
    ) -> AsyncGenerator[Streamed, None]:
        """The events after position `after` (None: from now) that pass the filter, then live ones, for ever.

        `filter` is asked again before each page so that a policy change applies at once; `check` raises when the
        subscriber's credentials are no longer good, and otherwise says within how many seconds to ask it again.
        With `deliver`, live events go through it from the hub's fan-out while the subscriber sleeps; those it
        refuses are yielded.
        """
        await self.start()
        cursor = await self.now() if after is None else after
        live = False
        while True:
            recheck = await check()
            wanted = await filter()
            loaded = self._from_ring(cursor)
            if loaded is None:  # behind the ring: read a page from the database with the SQL scope
                if live and self.head - cursor > self.max_lag:
                    raise SlowConsumer(cursor)
                head = self.head
                rows = await (
                    Event.filter(wanted.where(), chain_seq__gt=cursor, chain_seq__lte=head)
                    .order_by("chain_seq")
                    .limit(self.page)
                )
                for event in rows:
                    yield Streamed(int(event.chain_seq or 0), event)
                # A short page means no other position up to `head` passes the filter.
                cursor = int(rows[-1].chain_seq or 0) if len(rows) == self.page else head
                continue
            for item in loaded:
                if live and self.head - item.seq > self.max_lag:
                    raise SlowConsumer(cursor)
                if wanted.matches(item.event, item.audience):
                    yield item.streamed
                cursor = item.seq
            live = True
            if cursor >= self.head and deliver is not None and wanted.policy_version is not None:
                cursor = await self._handed_over(cursor, wanted, deliver, recheck)
                continue
            if cursor >= self.head:
                changed = self._changed
                # asyncio.timeout, not wait_for: wait_for wraps the wait in a task, one per subscriber per event.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(min(IDLE_SECONDS, recheck or IDLE_SECONDS)):
                        await changed.wait()


async def current_head() -> int:
    head = await Event.filter(chain_seq__isnull=False).order_by("-chain_seq").first().values("chain_seq")
    return int(head["chain_seq"]) if head else 0


async def _audiences(event_ids: list[int]) -> dict[int, frozenset[int]]:
    found: dict[int, set[int]] = {}
    rows = await EventAudience.filter(event_id__in=event_ids).values_list("event_id", "agency_id")
    for event_id, agency_id in rows:
        found.setdefault(int(event_id), set()).add(int(agency_id))
    return {k: frozenset(v) for k, v in found.items()}


_hub: EventHub | None = None


def get_hub() -> EventHub:
    global _hub
    if _hub is None:
        _hub = EventHub()
    return _hub


def set_hub(hub: EventHub | None) -> None:
    global _hub
    _hub = hub
