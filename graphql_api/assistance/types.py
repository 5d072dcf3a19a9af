"""R-D1: written assistance requests and their answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.attachments.types import Attachment, attachments_of
from graphql_api.calendar.types import Deadline, deadlines_of
from graphql_api.context import Info
from graphql_api.enums import AssistanceKind, AssistanceStatus
from graphql_api.node import ModelNode
from graphql_api.relations import computed, to_one
from procedures.documents import assistance_letter_url

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

    @strawberry.field(description="Files of the request and of what was provided.")
    async def attachments(self, info: Info) -> list[Attachment]:
        return await attachments_of(info, "assistance", self.pk)

    letter_url: str = computed(("id",), lambda row, _: assistance_letter_url(row["id"]),
                               description="The printable assistance letter (HTML, same credentials).")  # fmt: skip

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
    deadlines: list[Deadline] = deadlines_of("assistance")
    reply_text: str
    refusal_reason: str
    replied_at: datetime | None
    escalated_at: datetime | None
    superior: _Agency | None = to_one(models.Agency, "superior_id", description="Where a refusal was escalated.")

    requester: _Agency = to_one(models.Agency, "requester_id")
    requested: _Agency = to_one(models.Agency, "requested_id")
    case: _Case | None = to_one(models.Case, "case_id")
    transfer: _Transfer | None = to_one(
        models.Transfer,
        "transfer_id",
        description="The transfer this request follows up, when a receiver asks its sender for help.",
    )
