"""Queries over agencies, matters and the jurisdiction catalog."""

from __future__ import annotations

import strawberry
from strawberry import relay
from tortoise.expressions import Q

import models
from graphql_api.agencies.types import Agency, Jurisdiction, Matter
from graphql_api.context import Info
from graphql_api.enums import AgencyKind
from graphql_api.errors import NotFound
from graphql_api.pagination import Connection, paginate
from graphql_api.relations import decode_id


@strawberry.input
class AgencyFilter:
    kind: list[AgencyKind] | None = None
    parent: relay.GlobalID | None = None
    search: str | None = strawberry.field(default=None, description="Part of the name or code.")


@strawberry.input
class MatterFilter:
    field: str | None = None
    department: relay.GlobalID | None = None
    search: str | None = strawberry.field(default=None, description="Part of the name or code.")


@strawberry.input
class JurisdictionFilter:
    agency: relay.GlobalID | None = None
    matter: relay.GlobalID | None = None
    territory: relay.GlobalID | None = None


@strawberry.type
class AgencyQuery:
    @strawberry.field(description="The agency tree. Requires sign-in.")
    async def agencies(
        self, info: Info, first: int | None = None, after: str | None = None, filter: AgencyFilter | None = None
    ) -> Connection[Agency]:
        query = models.Agency.all()
        if filter is not None:
            if filter.kind:
                query = query.filter(kind__in=filter.kind)
            if filter.parent is not None:
                query = query.filter(parent_id=decode_id(filter.parent, "Agency", field="filter.parent"))
            if filter.search:
                query = query.filter(Q(name__icontains=filter.search) | Q(code__icontains=filter.search))
        return await paginate(info, query, resource="agency", first=first, after=after, narrowed=filter is not None)

    @strawberry.field(description="One agency by its short code, e.g. 南排河. Requires sign-in.")
    async def agency(self, info: Info, code: str) -> Agency:
        info.context.require_principal()
        agency = await models.Agency.get_or_none(code=code)
        if agency is None:
            raise NotFound(f"no agency has the code {code!r}", field="code")
        return agency

    @strawberry.field(description="Delegated penalty matters. Requires sign-in.")
    async def matters(
        self, info: Info, first: int | None = None, after: str | None = None, filter: MatterFilter | None = None
    ) -> Connection[Matter]:
        query = models.Matter.all()
        if filter is not None:
            if filter.field:
                query = query.filter(field=filter.field)
            if filter.department is not None:
                query = query.filter(department_id=decode_id(filter.department, "Agency", field="filter.department"))
            if filter.search:
                query = query.filter(Q(name__icontains=filter.search) | Q(code__icontains=filter.search))
        return await paginate(info, query, resource="matter", first=first, after=after, narrowed=filter is not None)

    @strawberry.field(description="The jurisdiction catalog: who is competent for which matter, where.")
    async def jurisdictions(
        self, info: Info, first: int | None = None, after: str | None = None, filter: JurisdictionFilter | None = None
    ) -> Connection[Jurisdiction]:
        query = models.Jurisdiction.all()
        if filter is not None:
            if filter.agency is not None:
                query = query.filter(agency_id=decode_id(filter.agency, "Agency", field="filter.agency"))
            if filter.matter is not None:
                query = query.filter(matter_id=decode_id(filter.matter, "Matter", field="filter.matter"))
            if filter.territory is not None:
                query = query.filter(territory_id=decode_id(filter.territory, "Agency", field="filter.territory"))
        return await paginate(
            info, query, resource="jurisdiction", first=first, after=after, narrowed=filter is not None
        )
