"""What every resolver gets: the principal, the request's loaders and the API's limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from typing import Any

from strawberry.types import Info as StrawberryInfo

from graphql_api.errors import Unauthenticated
from graphql_api.loaders import Loaders
from permissions.authorizer import Scope, authorizer
from permissions.principal import Principal


@dataclass(frozen=True, slots=True)
class ApiConfig:
    secret_key: str
    token_ttl: timedelta
    max_page_size: int = 100


@dataclass
class Context:
    config: ApiConfig
    principal: Principal | None = None
    # Why the credentials sent with the request were refused (expired, revoked, …), for a clear error.
    auth_error: str | None = None
    loaders: Loaders = field(default_factory=Loaders)
    request: Any = None

    def require_principal(self) -> Principal:
        if self.principal is None:
            raise Unauthenticated(self.auth_error or "authentication required: send a bearer token or an API key")
        return self.principal

    @cached_property
    def scope(self) -> Scope:
        return authorizer.scope(self.require_principal())


Info = StrawberryInfo[Context, None]
