"""The event log: the audit trail and every case's timeline."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

import models
from graphql_api.context import Info
from graphql_api.node import ModelNode
from graphql_api.relations import one

if TYPE_CHECKING:
    from graphql_api.accounts.types import User
    from graphql_api.agencies.types import Agency

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]
_User = Annotated["User", strawberry.lazy("graphql_api.accounts.types")]


@strawberry.type(
    description="Something that happened, who did it, for which agency. Visible to the agencies concerned."
)
class Event(ModelNode):
    _model = models.Event
    _resource = "event"

    type: str
    occurred_at: datetime
    subject_type: str
    subject_id: int
    payload: JSON
    actor_id: strawberry.Private[int | None]
    agency_id: strawberry.Private[int | None]

    @strawberry.field
    async def actor(self, info: Info) -> _User | None:
        return await one(info, models.User, self.actor_id)

    @strawberry.field(description="The agency the actor acted for.")
    async def agency(self, info: Info) -> _Agency | None:
        return await one(info, models.Agency, self.agency_id)
