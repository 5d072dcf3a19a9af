"""Live events over `graphql-transport-ws`: first the stored events after the client's cursor, then live ones.

The cursor and why it never skips an event: `events.stream`. Each page is filtered by the principal's read scope as
it is at that moment, so a revoked role stops the stream; the credentials of the connection are checked again
while it streams, and a connection whose token expired or whose key was revoked is closed with code 4401.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Hashable
from functools import partial
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info as StrawberryInfo

from events.stream import SlowConsumer, Streamed, StreamFilter, decode_cursor, get_hub
from graphql_api.context import Context
from graphql_api.errors import BadUserInput, ClientError, ErrorCode, Forbidden, Unauthenticated
from graphql_api.events.direct_delivery import current_sender
from graphql_api.events.shared_render import current_subscription, payload_for
from graphql_api.events.types import Event
from graphql_api.loaders import Loaders
from graphql_api.relations import decode_id
from permissions.authorizer import authorizer
from permissions.credentials import InvalidToken, is_api_key, read_token, token_expiry
from permissions.index import Scope
from permissions.principal import Principal
from procedures.access import AccessDenied, deny, read_scope
from procedures.accounts import principal_for_api_key, principal_for_user

# The close code of a connection whose credentials stopped being good (graphql-transport-ws uses 4401 for
# "Unauthorized"); the close reason says which: "token expired", "API key revoked", …
CREDENTIALS_CLOSE_CODE = 4401


class ResumeFromCursor(ClientError):
    """The subscriber fell too far behind; `extensions.cursor` is where to resume."""

    code = ErrorCode.BAD_USER_INPUT

    def __init__(self, cursor: str) -> None:
        super().__init__(f"the subscriber fell too far behind: subscribe again with after: {cursor!r}")
        self.cursor = cursor

    @property
    def extensions(self) -> dict[str, Any]:
        return {"code": "RESUME_FROM_CURSOR", "cursor": self.cursor}


@strawberry.type(description="An event and its position in the stream: pass `cursor` as `after` to resume there.")
class StreamedEvent:
    cursor: str
    event: Event
    # The event's identity for graphql_api.events.shared_render: the subscribers of one audience share one execution.
    share_id: strawberry.Private[Hashable]


@strawberry.input
class EventStreamFilter:
    types: list[str] | None = strawberry.field(default=None, description='Event types, e.g. ["transfer.sent"].')
    case: relay.GlobalID | None = None
    agencies: list[relay.GlobalID] | None = strawberry.field(default=None, description="The agencies that acted.")


@strawberry.input
class TransferEventFilter:
    agency: relay.GlobalID | None = strawberry.field(default=None, description="The agency that acted.")
    types: list[str] | None = strawberry.field(default=None, description='e.g. ["transfer.sent"].')
    case: relay.GlobalID | None = None


class _Credentials:
    """Checks the connection's credentials while it streams: the token's expiry at every page, the database (a
    revoked key, a deactivated user) at most every `recheck_seconds`."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.credential = context.credential
        self.expires = token_expiry(self.credential) if self.credential and not is_api_key(self.credential) else None
        self.checked = time.monotonic()

    async def check(self, *, now: bool = False) -> float | None:
        """Raise (and close the connection) when the credentials are no longer good; else the seconds until the
        next check is due."""
        if self.credential is None:
            return None
        reason = None
        if self.expires is not None and time.time() >= self.expires:
            reason = "token expired"
        elif now or time.monotonic() - self.checked >= self.context.config.credential_recheck_seconds:
            self.checked = time.monotonic()
            reason = await _recent_checks.reason(self.credential, self.context.config.secret_key, fresh=now)
        if reason is not None:
            await self.context.close(CREDENTIALS_CLOSE_CODE, reason)
            raise Unauthenticated(reason)
        due = self.context.config.credential_recheck_seconds - (time.monotonic() - self.checked)
        if self.expires is not None:
            due = min(due, self.expires - time.time())
        return max(due, 0.01)


class _RecentChecks:
    """One database check per credential at a time, its answer shared for `SHARED_SECONDS`: the thousands of sockets
    of one integrator key would otherwise each ask the database every `credential_recheck_seconds`. A dict of
    futures, as no caching library shares an in-flight coroutine's answer between asyncio tasks."""

    SHARED_SECONDS = 1.0

    def __init__(self) -> None:
        self._checks: dict[str, tuple[float, asyncio.Future[str | None]]] = {}
        self._pruned = 0.0

    async def reason(self, credential: str, secret: str, *, fresh: bool = False) -> str | None:
        """Why the credential is no longer good, or None when it is."""
        now = time.monotonic()
        found = self._checks.get(credential)
        if fresh or found is None or now - found[0] >= self.SHARED_SECONDS:
            self._prune(now)
            found = (now, asyncio.ensure_future(_reason(credential, secret)))
            self._checks[credential] = found
        return await asyncio.shield(found[1])

    def _prune(self, now: float) -> None:
        if now - self._pruned < self.SHARED_SECONDS:
            return
        self._pruned = now
        for credential in [c for c, (at, _) in self._checks.items() if now - at >= self.SHARED_SECONDS]:
            del self._checks[credential]


async def _reason(credential: str, secret: str) -> str | None:
    try:
        await _principal_for(credential, secret=secret)
    except InvalidToken as exc:
        return exc.reason
    return None


_recent_checks = _RecentChecks()


async def _principal_for(credential: str, *, secret: str) -> Principal:
    if is_api_key(credential):
        return await principal_for_api_key(credential)
    claims = read_token(credential, secret=secret)
    return await principal_for_user(claims.user_id, claims.version)


async def _stream(
    info: StrawberryInfo[Context, None], after: str | None, base: StreamFilter, resource: str
) -> AsyncGenerator[StreamedEvent, None]:
    context = info.context
    principal = context.require_principal()
    try:
        start = None if after is None else decode_cursor(after)
    except ValueError as exc:
        raise BadUserInput("after must be a cursor this API gave", field="after") from exc
    credentials = _Credentials(context)

    decided: tuple[int, StreamFilter] | None = None  # the filter and the policy version it was decided under

    async def wanted() -> StreamFilter:
        nonlocal decided
        if decided is not None and decided[0] == authorizer.version:  # no policy change since: the same decision
            return decided[1]
        version = authorizer.version
        try:  # the scope now, not when the client subscribed
            if authorizer.scope(principal, "subscribe", "event").empty:
                raise await deny(principal, "subscribe", "event", None)
            if resource != "event":
                await read_scope(principal, resource)
            scope = await read_scope(principal, "event")
        except AccessDenied as exc:
            await credentials.check(now=True)  # a revoked key loses its roles too: say that it was revoked
            raise Forbidden(str(exc)) from exc
        filter = StreamFilter(scope, base.types, base.type_prefix, base.subject_type, base.case_id, base.agency_ids,
                              policy_version=version)  # fmt: skip
        decided = (version, filter)
        return filter

    await wanted()  # FORBIDDEN before anything is streamed
    direct, subscription = current_sender(), current_subscription()

    def fresh(item: Streamed) -> StreamedEvent:
        """The root value of one event's execution, with loaders of its own: a socket's context lives for hours,
        and its loaders would otherwise cache every row they ever loaded, unchanged."""
        context.loaders = Loaders()
        return _streamed(item)

    async def deliver(item: Streamed, wait: bool = True) -> bool:
        """Write the event's frame directly (graphql_api.events.direct_delivery); False when it was not: Strawberry
        must send it (errors to mask), or, with `wait=False` (the hub's fan-out), the client is not reading."""
        if direct is None or subscription is None:
            return False
        payload = await payload_for(_share_id(item), lambda: fresh(item), subscription)
        if payload is None:
            return False
        return await direct.send_next(payload, wait=wait)

    stream = get_hub().stream(after=start, filter=wanted, check=credentials.check,
                              deliver=partial(deliver, wait=False) if direct and subscription else None)  # fmt: skip
    try:
        async for item in stream:
            if not await deliver(item):
                yield fresh(item)  # through Strawberry, which masks errors
    except SlowConsumer as exc:
        raise ResumeFromCursor(exc.cursor) from exc
    finally:
        await stream.aclose()


def _share_id(item: Streamed) -> tuple[str, int, str | None]:
    return ("event", item.seq, item.event.hash)


def _streamed(item: Streamed) -> StreamedEvent:
    return StreamedEvent(cursor=item.cursor, event=item.event, share_id=_share_id(item))  # type: ignore[arg-type]


def _ids(values: list[relay.GlobalID] | None, field: str) -> frozenset[int] | None:
    if values is None:
        return None
    return frozenset(int(decode_id(v, "Agency", field=field) or 0) for v in values)


@strawberry.type
class EventSubscription:
    @strawberry.subscription(
        description="Events the principal may see, in commit order: those after `after` first, then live ones; "
        "without `after`, from now. Requires event:subscribe and event:read; scope: events the agency is in the "
        "audience of."
    )
    async def events(
        self, info: StrawberryInfo[Context, None], after: str | None = None, filter: EventStreamFilter | None = None
    ) -> AsyncGenerator[StreamedEvent, None]:
        f = filter or EventStreamFilter()
        base = StreamFilter(
            scope=Scope.none(),  # the principal's, read anew for every page (`wanted` in _stream)
            types=frozenset(f.types) if f.types else None,
            case_id=decode_id(f.case, "Case", field="filter.case"),
            agency_ids=_ids(f.agencies, "filter.agencies"),
        )
        async for item in _stream(info, after, base, "event"):
            yield item

    @strawberry.subscription(
        description="The events of transfers, as `events` does. Requires event:subscribe, transfer:read and "
        "event:read; scope: "
        "transfers the agency sends, receives or was asked to designate."
    )
    async def transfer_events(
        self, info: StrawberryInfo[Context, None], after: str | None = None, filter: TransferEventFilter | None = None
    ) -> AsyncGenerator[StreamedEvent, None]:
        f = filter or TransferEventFilter()
        base = StreamFilter(
            scope=Scope.none(),  # the principal's, read anew for every page (`wanted` in _stream)
            types=frozenset(f.types) if f.types else None,
            subject_type="transfer",
            case_id=decode_id(f.case, "Case", field="filter.case"),
            agency_ids=_ids([f.agency], "filter.agency") if f.agency is not None else None,
        )
        async for item in _stream(info, after, base, "transfer"):
            yield item
