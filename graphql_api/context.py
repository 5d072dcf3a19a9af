"""What every resolver gets: the principal, the request's loaders and the API's limits."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from strawberry.types import Info as StrawberryInfo
from tortoise.expressions import Q

from graphql_api.errors import Forbidden, Unauthenticated
from graphql_api.loaders import Loaders
from permissions.authorizer import Scope, authorizer
from permissions.filters import relation_filter, relation_is_scoped
from permissions.principal import Principal
from procedures.access import AccessDenied, deny, read_scope, require, visible_scope
from procedures.calendar import WorkingCalendar


@dataclass(frozen=True, slots=True)
class ApiConfig:
    secret_key: str
    token_ttl: timedelta
    max_page_size: int = 100
    # How often a streaming connection's credentials are checked against the database (a revoked key, a deactivated
    # user); a token's expiry is checked at every page.
    credential_recheck_seconds: float = 15.0


@dataclass
class Context:
    config: ApiConfig
    principal: Principal | None = None
    # Why the credentials sent with the request were refused (expired, revoked, …), for a clear error.
    auth_error: str | None = None
    loaders: Loaders = field(default_factory=Loaders)
    request: Any = None
    # A websocket's `connection_init` payload (set by Strawberry) and the credential it authenticated with.
    connection_params: dict[str, Any] | None = None
    credential: str | None = None
    # Decisions are cached for the request (a websocket's: for the connection) and the policy version they were made
    # under, so none outlives a policy change.
    _scopes: dict[str, tuple[int, Scope]] = field(default_factory=dict)
    _visible: dict[str, tuple[int, Scope]] = field(default_factory=dict)
    _denied: dict[str, asyncio.Future[AccessDenied]] = field(default_factory=dict)
    _calendar: tuple[float, WorkingCalendar] | None = None

    async def working_calendar(self) -> WorkingCalendar:
        """The working-day calendar, read once for the fields of a request that count deadlines (a websocket's
        context reads it again after a second: an imported notice must reach it)."""
        now = time.monotonic()
        if self._calendar is None or now - self._calendar[0] > 1.0:
            self._calendar = (now, await WorkingCalendar.load())
        return self._calendar[1]

    async def close(self, code: int, reason: str) -> None:
        """Close the websocket this context belongs to (nothing over HTTP)."""
        close = getattr(self.request, "close", None)
        if close is not None and getattr(self.request, "scope", {}).get("type") == "websocket":
            with contextlib.suppress(RuntimeError):  # already closed
                await close(code=code, reason=reason)

    def require_principal(self) -> Principal:
        if self.principal is None:
            raise Unauthenticated(self.auth_error or "authentication required: send a bearer token or an API key")
        return self.principal

    async def read_scope(self, resource: str) -> Scope:
        """The agencies whose `resource` rows the principal may read; FORBIDDEN when none."""
        principal = self.require_principal()
        cached = self._scopes.get(resource)
        if cached is None or cached[0] != authorizer.version:  # a websocket's context outlives policy changes
            version = authorizer.version
            async with forbidden_on_denial():
                cached = self._scopes[resource] = (version, await read_scope(principal, resource))
        return cached[1]

    def visible_scope(self, resource: str) -> Scope:
        """As `read_scope`, but empty instead of refused when the principal may read none (for relations)."""
        principal = self.require_principal()
        cached = self._visible.get(resource)
        if cached is None or cached[0] != authorizer.version:
            cached = self._visible[resource] = (authorizer.version, visible_scope(principal, resource))
        return cached[1]

    def relation_filter(self, resource: str, owner_column: str | None) -> Q | None:
        """The WHERE clause on the rows a relation to `resource` reaches (`permissions.filters.relation_is_scoped`);
        None when it reads them all."""
        if not relation_is_scoped(resource, owner_column):
            return None
        return relation_filter(resource, self.visible_scope(resource))

    async def require(self, action: str, obj: str, agency_id: int | None) -> Principal:
        """The principal, when it may do `action` on `obj` in the agency; FORBIDDEN (and audited) otherwise."""
        principal = self.require_principal()
        async with forbidden_on_denial():
            await require(principal, action, obj, agency_id)
        return principal

    async def require_any(self, action: str, obj: str, agency_ids: list[int]) -> None:
        """For a guarded field: pass when allowed in one of the agencies, else FORBIDDEN, audited once a request."""
        if self.can(action, obj, agency_ids):
            return
        key = f"{action}:{obj}:{sorted(agency_ids)}"
        if key not in self._denied:  # sibling fields resolve concurrently: the first starts the one audit write
            where = agency_ids[0] if agency_ids else None
            self._denied[key] = asyncio.ensure_future(deny(self.require_principal(), action, obj, where))
        raise Forbidden(str(await self._denied[key]))

    def can(self, action: str, obj: str, agency_ids: list[int]) -> bool:
        """Whether the principal may do `action` on `obj` in one of the agencies (for fields; nothing is recorded)."""
        principal = self.require_principal()
        return any(authorizer.can(principal, action, obj, agency_id) for agency_id in agency_ids)


@asynccontextmanager
async def forbidden_on_denial() -> AsyncIterator[None]:
    """A refusal of the procedures' layer becomes the API's FORBIDDEN error."""
    try:
        yield
    except AccessDenied as exc:
        raise Forbidden(str(exc)) from exc


Info = StrawberryInfo[Context, None]
