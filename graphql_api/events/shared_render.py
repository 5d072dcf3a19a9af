"""One execution of a subscription's selection set per event and audience, however many sockets share them.

graphql-core executes a subscription's selection set once per subscriber per event. With thousands of subscribers
that is most of the fan-out's cost, and it is the same work many times over: subscribers that sent the same document
with the same variables, as the same principal under the same policy, get the same JSON for the same event. An event
payload names itself (`share_id`, the event's chain position); this executor keeps the first subscriber's result
under that name and the rest of the key, and the others take it instead of executing again.

The key holds everything a result can depend on besides the event: the operation node (one object per document
text, through Strawberry's ParserCache), the coerced variables, the principal (field permissions and loaders are
the principal's) and the Authorizer's version (a policy change makes a new key). Anything that cannot be part of a
key (an unhashable variable) executes as before, unshared. The results are kept in a FIFO of `MAX_RENDERS`: with
every subscriber a different principal nothing is shared, and the memory stays bounded all the same.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, cast

import orjson
from graphql import ExecutionResult, OperationType
from graphql.pyutils import is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from permissions.authorizer import authorizer

MAX_RENDERS = 10_000


class _Render:
    """One execution's result for an event and audience, and its JSON payload once a direct send asked for it."""

    __slots__ = ("payload", "result")

    def __init__(self, result: asyncio.Future[ExecutionResult] | ExecutionResult) -> None:
        self.result = result
        self.payload: str | None = None


_renders: dict[Hashable, _Render] = {}
# The executor of the subscription whose resolver runs in this task: set as graphql-core resolves the root field.
_subscription_executor: ContextVar[SharedEventExecutor | None] = ContextVar("caselink_subscription", default=None)


class _Unhashable(Exception):
    pass


class SharedEventExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, sharing a subscription event's result among subscribers with the same key."""

    _audience: int | None = None  # the interned (operation, variables, principal) of a subscription, or None

    def build_resolve_info(self, field_def: Any, field_nodes: Any, parent_type: Any, path: Any) -> Any:
        if path.prev is None and self.operation.operation is OperationType.SUBSCRIPTION and not _is_event(self):
            _subscription_executor.set(self)  # the root field of the subscription itself, not of one event
        return super().build_resolve_info(field_def, field_nodes, parent_type, path)

    def build_per_event_executor(self, payload: Any) -> SharedEventExecutor:
        self.audience()  # on the subscription's executor, so that every per-event copy carries it
        return cast(SharedEventExecutor, super().build_per_event_executor(payload))

    def audience(self) -> int:
        """The key's constant part, computed on the first event: 0 when results cannot be shared."""
        if self._audience is None:
            self._audience = _intern_audience(self)
        return self._audience

    def execute_operation(self, serially: bool | None = None) -> Any:
        render = self._render(serially)
        if render is None:
            return super().execute_operation(serially)
        if isinstance(render.result, ExecutionResult):
            return render.result
        return _await_shared(render.result)

    def _render(self, serially: bool | None) -> _Render | None:
        """The shared render of this event for this audience (executing it when it is the first); None when the
        result cannot be shared."""
        if not self._audience or not _is_event(self) or self.operation.operation is not OperationType.SUBSCRIPTION:
            return None
        key = (self.root_value.share_id, self._audience, authorizer.version)
        render = _renders.get(key)
        if render is None:
            result = super().execute_operation(serially)
            render = _Render(asyncio.ensure_future(result) if is_awaitable(result) else cast(ExecutionResult, result))
            _remember(key, render)
        return render


def current_subscription() -> SharedEventExecutor | None:
    """The executor of the subscription whose resolver runs in this task (None outside one)."""
    return _subscription_executor.get()


async def payload_for(share_id: Hashable, event: Callable[[], Any], subscription: SharedEventExecutor) -> str | None:
    """The JSON payload of the `next` frame for the event `share_id` names in `subscription`, rendered once per
    audience; None when Strawberry must send it (errors to mask, an audience that cannot share). `event` makes the
    root value, for the first subscriber of an audience only."""
    render = _renders.get((share_id, subscription.audience(), authorizer.version))
    if render is None:
        render = subscription.build_per_event_executor(event())._render(None)
    if render is None:
        return None
    if render.payload is None:
        result = render.result if isinstance(render.result, ExecutionResult) else await _await_shared(render.result)
        if result.errors or result.extensions:
            return None
        render.payload = orjson.dumps({"data": result.data}).decode()
    return render.payload


def _is_event(executor: SharedEventExecutor) -> bool:
    return getattr(executor.root_value, "share_id", None) is not None


def _remember(key: Hashable, render: _Render) -> None:
    _renders[key] = render
    while len(_renders) > MAX_RENDERS:  # dicts keep insertion order: the oldest goes first
        del _renders[next(iter(_renders))]


async def _await_shared(shared: asyncio.Future[ExecutionResult]) -> ExecutionResult:
    # Shielded: a subscriber that disconnects while the first execution runs must not cancel it for the others.
    return await asyncio.shield(shared)


_audiences: dict[Hashable, int] = {}
MAX_AUDIENCES = 100_000


def _intern_audience(executor: SharedEventExecutor) -> int:
    """A small number for the subscription's (operation, variables, principal), equal for equal ones; 0 when they
    cannot be a key. Hashing the operation's AST once per subscription, not once per event, keeps the fan-out cheap."""
    principal = getattr(executor.context_value, "principal", None)
    if principal is None:
        return 0
    try:
        variables = getattr(executor.variable_values, "coerced", executor.variable_values)  # graphql-core 3.3's
        audience = (executor.operation, _frozen(variables), principal)
    except _Unhashable:
        return 0
    if len(_audiences) >= MAX_AUDIENCES:  # numbers are never reused, so a cleared table cannot mix audiences
        _audiences.clear()
    return _audiences.setdefault(audience, next(_numbers))


_numbers = itertools.count(1)


def _frozen(value: Any) -> Hashable:
    """A hashable copy of coerced variables; _Unhashable when some value cannot be hashed."""
    if isinstance(value, dict):
        return tuple(sorted((str(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    try:
        hash(value)
    except TypeError as exc:
        raise _Unhashable from exc
    return value  # type: ignore[no-any-return]
