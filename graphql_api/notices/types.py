"""R-B1: notices of suspected violations found on patrol."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.context import Info
from graphql_api.enums import NoticeOutcome, NoticeStatus
from graphql_api.node import ModelNode
from graphql_api.relations import one, required

if TYPE_CHECKING:
    from graphql_api.agencies.types import Agency, Matter
    from graphql_api.cases.types import Case

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]
_Matter = Annotated["Matter", strawberry.lazy("graphql_api.agencies.types")]
_Case = Annotated["Case", strawberry.lazy("graphql_api.cases.types")]


@strawberry.type(description="A suspected violation notified to the competent agency. Visible to sender and receiver.")
class Notice(ModelNode):
    _model = models.Notice
    _resource = "notice"

    number: str | None
    place: str
    found_at: datetime
    party_name: str
    party_detail: str
    facts: str
    dissuasion: str = strawberry.field(description="How the violation was dissuaded or stopped on the spot.")
    status: NoticeStatus
    sent_at: datetime
    response_deadline: datetime
    acknowledged_at: datetime | None
    outcome: NoticeOutcome | None
    outcome_text: str
    reported_at: datetime | None
    sender_id: strawberry.Private[int]
    receiver_id: strawberry.Private[int]
    matter_id: strawberry.Private[int | None]
    case_id: strawberry.Private[int | None]

    @strawberry.field
    async def sender(self, info: Info) -> _Agency:
        return await required(info, models.Agency, self.sender_id)

    @strawberry.field
    async def receiver(self, info: Info) -> _Agency:
        return await required(info, models.Agency, self.receiver_id)

    @strawberry.field
    async def matter(self, info: Info) -> _Matter | None:
        return await one(info, models.Matter, self.matter_id)

    @strawberry.field(description="The case the receiver opened from this notice, if any.")
    async def case(self, info: Info) -> _Case | None:
        return await one(info, models.Case, self.case_id)
