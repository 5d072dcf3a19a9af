"""The audit trail."""

from __future__ import annotations

import strawberry
from strawberry import relay

import models
from graphql_api.context import Info
from graphql_api.events.types import Event
from graphql_api.pagination import Connection, paginate
from graphql_api.relations import decode_id


@strawberry.input
class EventFilter:
    types: list[str] | None = strawberry.field(default=None, description='Event types, e.g. ["transfer.sent"].')
    case: relay.GlobalID | None = None


@strawberry.type
class EventQuery:
    @strawberry.field(
        description="Events, oldest first. Requires event:read; scope: events the agency is in the audience of."
    )
    async def events(
        self, info: Info, first: int | None = None, after: str | None = None, filter: EventFilter | None = None
    ) -> Connection[Event]:
        query = models.Event.all()
        if filter is not None:
            if filter.types:
                query = query.filter(type__in=filter.types)
            if filter.case is not None:
                query = query.filter(case_id=decode_id(filter.case, "Case", field="filter.case"))
        return await paginate(info, query, resource="event", first=first, after=after, narrowed=filter is not None)
