"""R-D1: written assistance requests and their answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.context import Info
from graphql_api.enums import AssistanceKind, AssistanceStatus
from graphql_api.node import ModelNode
from graphql_api.relations import one, required

if TYPE_CHECKING:
    from graphql_api.agencies.types import Agency
    from graphql_api.cases.types import Case
    from graphql_api.transfers.types import Transfer

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]
_Case = Annotated["Case", strawberry.lazy("graphql_api.cases.types")]
_Transfer = Annotated["Transfer", strawberry.lazy("graphql_api.transfers.types")]


@strawberry.type(description="A written request for assistance. Visible to the requesting and the requested agency.")
class AssistanceRequest(ModelNode):
    _model = models.AssistanceRequest
    _resource = "assistance"

    number: str | None = strawberry.field(description="Number of the assistance letter (行政执法协助函).")
    kind: AssistanceKind
    needed: str
    basis: str
    reason: str
    wanted_by: date | None
    contact: str
    status: AssistanceStatus
    sent_at: datetime
    answer_deadline: datetime
    reply_text: str
    refusal_reason: str
    replied_at: datetime | None
    requester_id: strawberry.Private[int]
    requested_id: strawberry.Private[int]
    case_id: strawberry.Private[int | None]
    transfer_id: strawberry.Private[int | None]

    @strawberry.field
    async def requester(self, info: Info) -> _Agency:
        return await required(info, models.Agency, self.requester_id)

    @strawberry.field
    async def requested(self, info: Info) -> _Agency:
        return await required(info, models.Agency, self.requested_id)

    @strawberry.field
    async def case(self, info: Info) -> _Case | None:
        return await one(info, models.Case, self.case_id)

    @strawberry.field(description="The transfer this request follows up, when a receiver asks its sender for help.")
    async def transfer(self, info: Info) -> _Transfer | None:
        return await one(info, models.Transfer, self.transfer_id)
