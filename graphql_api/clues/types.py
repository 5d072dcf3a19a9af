"""R-B2: complaint clues, passed on to the competent agency, with the complainant kept informed."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.calendar.types import Deadline, deadlines_of
from graphql_api.context import Info
from graphql_api.enums import ClueChannel, ClueStatus, ContactMethod
from graphql_api.node import ModelNode
from graphql_api.relations import computed, one, to_one
from procedures.documents import clue_letter_url

if TYPE_CHECKING:
    from graphql_api.agencies.types import Agency, Matter
    from graphql_api.cases.types import Case

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]
_Matter = Annotated["Matter", strawberry.lazy("graphql_api.agencies.types")]
_Case = Annotated["Case", strawberry.lazy("graphql_api.cases.types")]


_CONTACT = "Requires clue:read_contact in the agency that registered the clue or the one it was passed on to."


@strawberry.type(description="Whoever complained. Contact details are sensitive: " + _CONTACT)
class Complainant:
    name: str
    row: strawberry.Private[models.Complainant]
    handling_agencies: strawberry.Private[list[int]]

    @strawberry.field(description="Sensitive. " + _CONTACT)
    async def phone(self, info: Info) -> str | None:
        await info.context.require_any("read_contact", "clue", self.handling_agencies)
        return self.row.phone

    @strawberry.field(description="Sensitive. " + _CONTACT)
    async def address(self, info: Info) -> str | None:
        await info.context.require_any("read_contact", "clue", self.handling_agencies)
        return self.row.address

    @strawberry.field(description="Sensitive. " + _CONTACT)
    async def email(self, info: Info) -> str | None:
        await info.context.require_any("read_contact", "clue", self.handling_agencies)
        return self.row.email


@strawberry.type(description="A complaint or report. Visible to the agency that registered it and the one it went to.")
class Clue(ModelNode):
    _model = models.Clue
    _resource = "clue"

    letter_url: str | None = computed(
        ("id", "forwarded_to_id"),
        lambda row, _: clue_letter_url(row["id"]) if row["forwarded_to_id"] is not None else None,
        description="The printable clue transfer letter (HTML, same credentials), once passed on.",
    )

    number: str
    channel: ClueChannel
    content: str
    party_name: str
    status: ClueStatus
    received_at: datetime
    accept_deadline: datetime
    accepted_at: datetime | None
    letter_number: str | None = strawberry.field(description="Number of the clue transfer letter (违法线索移送函).")
    jurisdiction_basis: str
    forwarded_at: datetime | None
    inform_deadline: datetime | None
    deadlines: list[Deadline] = deadlines_of("clue")
    complainant_told_at: datetime | None
    complainant_told_method: ContactMethod | None
    complainant_told_text: str
    result_text: str
    result_at: datetime | None
    feedback_at: datetime | None
    feedback_method: ContactMethod | None
    feedback_text: str
    agency_id: strawberry.Private[int]
    forwarded_to_id: strawberry.Private[int | None]
    complainant_id: strawberry.Private[int | None]

    @strawberry.field(description="True when the complainant left no name and no contact.")
    def anonymous(self) -> bool:
        return self.complainant_id is None

    agency: _Agency = to_one(
        models.Agency, "agency_id", description="The agency that accepted and registered the complaint."
    )
    forwarded_to: _Agency | None = to_one(
        models.Agency, "forwarded_to_id", description="The competent agency the clue was passed on to."
    )

    @strawberry.field(description="Null when anonymous.")
    async def complainant(self, info: Info) -> Complainant | None:
        row = await one(info, models.Complainant, self.complainant_id, resource=None)  # the clue's own, seen with it
        if row is None:
            return None
        agencies = [self.agency_id] + ([self.forwarded_to_id] if self.forwarded_to_id else [])
        return Complainant(name=row.name, row=row, handling_agencies=agencies)

    matter: _Matter | None = to_one(models.Matter, "matter_id")
    case: _Case | None = to_one(models.Case, "case_id")
