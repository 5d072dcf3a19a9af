"""R-B1: notices of suspected violations found on patrol."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.attachments.types import Attachment, attachments_of
from graphql_api.calendar.types import Deadline, deadlines_of
from graphql_api.context import Info
from graphql_api.enums import NoticeOutcome, NoticeStatus
from graphql_api.node import ModelNode
from graphql_api.relations import computed, to_one
from procedures.documents import notice_letter_url

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

    @strawberry.field(description="Photos of what was found (R-B1).")
    async def photos(self, info: Info) -> list[Attachment]:
        return await attachments_of(info, "notice", self.pk)

    letter_url: str = computed(("id",), lambda row, _: notice_letter_url(row["id"]),
                               description="The printable notice letter (HTML, same credentials).")  # fmt: skip

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
    deadlines: list[Deadline] = deadlines_of("notice")
    acknowledged_at: datetime | None
    outcome: NoticeOutcome | None
    outcome_text: str
    reported_at: datetime | None

    sender: _Agency = to_one(models.Agency, "sender_id")
    receiver: _Agency = to_one(models.Agency, "receiver_id")
    matter: _Matter | None = to_one(models.Matter, "matter_id")
    case: _Case | None = to_one(
        models.Case, "case_id", description="The case the receiver opened from this notice, if any."
    )
