"""The audit trail."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay
from tortoise.queryset import QuerySet

import models
from graphql_api.context import Info
from graphql_api.events.types import Event
from graphql_api.pagination import LIST, Connection, paginate
from graphql_api.relations import decode_id


@strawberry.input
class EventFilter:
    types: list[str] | None = strawberry.field(default=None, description='Event types, e.g. ["transfer.sent"].')
    case: relay.GlobalID | None = None
    agencies: list[relay.GlobalID] | None = strawberry.field(default=None, description="The agencies that acted.")
    actor: relay.GlobalID | None = strawberry.field(default=None, description="The user who acted.")
    occurred_from: datetime | None = strawberry.field(default=None, description="Inclusive.")
    occurred_to: datetime | None = strawberry.field(default=None, description="Exclusive.")


def event_rows(filter: EventFilter | None) -> QuerySet[models.Event]:
    """The events the filter asks for, before the scope."""
    query = models.Event.all()
    if filter is not None:
        if filter.types:
            query = query.filter(type__in=filter.types)
        if filter.case is not None:
            query = query.filter(case_id=decode_id(filter.case, "Case", field="filter.case"))
        if filter.agencies is not None:
            ids = [decode_id(a, "Agency", field="filter.agencies") for a in filter.agencies]
            query = query.filter(agency_id__in=ids)
        if filter.actor is not None:
            query = query.filter(actor_id=decode_id(filter.actor, "User", field="filter.actor"))
        if filter.occurred_from is not None:
            query = query.filter(occurred_at__gte=filter.occurred_from)
        if filter.occurred_to is not None:
            query = query.filter(occurred_at__lt=filter.occurred_to)
    return query


@strawberry.type
class EventQuery:
    @strawberry.field(
        description="The audit trail: events, oldest first. Requires event:read; scope: events the agency is in the "
        "audience of (supervisors: all).",
        metadata={LIST: ("event", event_rows)},
    )
    async def events(
        self, info: Info, first: int | None = None, after: str | None = None, filter: EventFilter | None = None
    ) -> Connection[Event]:
        query = event_rows(filter)
        return await paginate(info, query, resource="event", first=first, after=after, narrowed=filter is not None)
