"""R-G2: the warnings the deadline sweep raised."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.enums import AlertLevel
from graphql_api.node import ModelNode
from graphql_api.relations import to_one

if TYPE_CHECKING:
    from graphql_api.agencies.types import Agency
    from graphql_api.events.types import Event

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]
_Event = Annotated["Event", strawberry.lazy("graphql_api.events.types")]


@strawberry.type(
    description="A deadline near (YELLOW) or passed (RED) for an act an agency owes. Visible to that agency."
)
class DeadlineAlert(ModelNode):
    _model = models.DeadlineAlert
    _resource = "deadline_alert"

    kind: str = strawberry.field(description='The time limit\'s key, e.g. "transfer.accept".')
    level: AlertLevel
    subject_type: str = strawberry.field(description='"transfer", "case", "notice", "clue", "assistance", …')
    subject_id: int
    deadline: datetime
    provisional: bool = strawberry.field(
        description="Whether the deadline warned of was provisional (it counted a day of a year whose holiday "
        "notice was not loaded); a deadline counted again is warned of anew."
    )
    created_at: datetime = strawberry.field(name="raisedAt")

    agency: _Agency = to_one(models.Agency, "agency_id", description="The agency whose act is due.")
    event: _Event | None = to_one(models.Event, "event_id")
