"""Who am I, the officers of my agency, and the integrators' keys."""

from __future__ import annotations

import strawberry
from strawberry import relay
from tortoise.expressions import Q

import models
from graphql_api.accounts.types import ApiKey, User, Viewer, roles_in
from graphql_api.context import Info
from graphql_api.pagination import Connection, paginate
from graphql_api.relations import decode_id, one, required


@strawberry.input
class UserFilter:
    agency: relay.GlobalID | None = None
    active: bool | None = None
    search: str | None = strawberry.field(default=None, description="Part of the username or display name.")


@strawberry.type
class AccountQuery:
    @strawberry.field(description="Who is signed in. Requires sign-in.")
    async def me(self, info: Info) -> Viewer:
        principal = info.context.require_principal()
        return Viewer(
            user=await one(info, models.User, principal.user_id, resource="user"),  # type: ignore[arg-type]
            api_key=await one(info, models.ApiKey, principal.api_key_id, resource="api_key"),  # type: ignore[arg-type]
            agency=await required(info, models.Agency, principal.agency_id),  # type: ignore[arg-type]
            roles=roles_in(principal.subject, principal.agency_id),
        )

    @strawberry.field(description="Officers and staff. Requires user:read; scope: the agencies where it is held.")
    async def users(
        self, info: Info, first: int | None = None, after: str | None = None, filter: UserFilter | None = None
    ) -> Connection[User]:
        query = models.User.all()
        if filter is not None:
            if filter.agency is not None:
                query = query.filter(agency_id=decode_id(filter.agency, "Agency", field="filter.agency"))
            if filter.active is not None:
                query = query.filter(is_active=filter.active)
            if filter.search:
                query = query.filter(Q(username__icontains=filter.search) | Q(display_name__icontains=filter.search))
        return await paginate(info, query, resource="user", first=first, after=after, narrowed=filter is not None)

    @strawberry.field(description="Integrators' API keys. Requires api_key:read; scope: the agencies where it is held.")
    async def api_keys(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[ApiKey]:
        return await paginate(info, models.ApiKey.all(), resource="api_key", first=first, after=after)
