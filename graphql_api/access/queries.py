"""The policy lines a principal may read."""

from __future__ import annotations

import strawberry
from strawberry import relay
from tortoise.expressions import Q

import models
from graphql_api.access.types import PolicyRule
from graphql_api.context import Info
from graphql_api.pagination import Connection, paginate
from graphql_api.relations import decode_id
from permissions.index import domain_of


@strawberry.input
class PolicyFilter:
    ptype: str | None = strawberry.field(default=None, description='"g" (roles held) or "p" (permissions).')
    agency: relay.GlobalID | None = None
    subject: str | None = strawberry.field(default=None, description='e.g. "user:12".')


@strawberry.type
class AccessQuery:
    @strawberry.field(description="Policy lines. Requires policy:read; scope: lines of the agencies where it is held, "
                      "and the county-wide permission templates.")  # fmt: skip
    async def policy_rules(
        self, info: Info, first: int | None = None, after: str | None = None, filter: PolicyFilter | None = None
    ) -> Connection[PolicyRule]:
        query = models.PolicyRule.all()
        if filter is not None:
            if filter.ptype:
                query = query.filter(ptype=filter.ptype)
            if filter.agency is not None:
                domain = domain_of(decode_id(filter.agency, "Agency", field="filter.agency") or 0)
                query = query.filter(Q(ptype="g", v2=domain) | Q(ptype="p", v1=domain))
            if filter.subject:
                query = query.filter(ptype="g", v0=filter.subject)
        return await paginate(info, query, resource="policy", first=first, after=after, narrowed=filter is not None)
