"""The event log: the audit trail and every case's timeline."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

import models
from graphql_api.node import ModelNode
from graphql_api.relations import to_one

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
    chain_seq: int | None = strawberry.field(description="Its position in the audit chain; null until sealed.")
    prev_hash: str | None = strawberry.field(description="The hash of the event before it in the chain.")
    hash: str | None = strawberry.field(description="SHA-256 over prevHash and this event (`caselink audit verify`).")

    actor: _User | None = to_one(models.User, "actor_id")
    agency: _Agency | None = to_one(models.Agency, "agency_id", description="The agency the actor acted for.")
