"""Cases, their parties and their timeline."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, cast

import strawberry

import models
from graphql_api.context import Info
from graphql_api.enums import CaseSource, CaseStatus, PartyKind, Sex
from graphql_api.node import ModelNode
from graphql_api.relations import to_many, to_one
from models.enums import CaseStatus as CaseStatusValue

if TYPE_CHECKING:
    from graphql_api.accounts.types import User
    from graphql_api.agencies.types import Agency, Matter
    from graphql_api.events.types import Event
    from graphql_api.transfers.types import Transfer

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]
_Matter = Annotated["Matter", strawberry.lazy("graphql_api.agencies.types")]
_User = Annotated["User", strawberry.lazy("graphql_api.accounts.types")]
_Transfer = Annotated["Transfer", strawberry.lazy("graphql_api.transfers.types")]
_Event = Annotated["Event", strawberry.lazy("graphql_api.events.types")]

# Statuses in which the filing or decision clock runs.
ACTIVE_STATUSES = (CaseStatusValue.OPEN, CaseStatusValue.TRANSFERRING, CaseStatusValue.FILED)


def case_is_overdue(case: models.Case, now: datetime) -> bool:
    if case.status not in ACTIVE_STATUSES:
        return False
    late_filing = case.filed_at is None and case.filing_deadline is not None and case.filing_deadline < now
    late_decision = case.decided_at is None and case.decision_deadline is not None and case.decision_deadline < now
    return late_filing or late_decision


@strawberry.type(description="An enforcement case. Visible to its owner and to every agency involved in it.")
class Case(ModelNode):
    _model = models.Case
    _resource = "case"

    number: str
    title: str
    status: CaseStatus
    source: CaseSource
    facts: str
    urgent: bool
    discovered_at: datetime
    filing_deadline: datetime | None = strawberry.field(description="Last moment to file (立案).")
    filed_at: datetime | None
    decision_deadline: datetime | None = strawberry.field(
        description="Last moment for the penalty decision (Law Art 60: 90 days from filing, unless a law differs)."
    )
    extension_days: int = strawberry.field(description="Days added to the decision period with the head's approval.")
    suspended_at: datetime | None = strawberry.field(description="Since when the decision clock stands still.")
    suspension_reason: str
    decided_at: datetime | None
    decision_summary: str
    closed_at: datetime | None

    @strawberry.field(description="True when the filing or decision deadline has passed and the act is not done.")
    def overdue(self) -> bool:
        return case_is_overdue(self, datetime.now(UTC))  # type: ignore[arg-type]  # root is the model row

    agency: _Agency = to_one(models.Agency, "agency_id", description="The agency that holds the case now.")
    territory: _Agency | None = to_one(
        models.Agency, "territory_id", description="The township or sub-district where the facts happened."
    )
    matter: _Matter | None = to_one(models.Matter, "matter_id")
    opened_by: _User | None = to_one(models.User, "opened_by_id")
    parties: list[Party] = to_many(models.Party, "case_id")
    transfers: list[_Transfer] = to_many(
        models.Transfer, "case_id", description="Every transfer of this case, oldest first."
    )
    timeline: list[_Event] = to_many(
        models.Event, "case_id", description="What happened to the case, from the event log, oldest first."
    )


@strawberry.type(description="A party to a case: a person or an organisation.")
class Party(ModelNode):
    _model = models.Party
    _resource = "party"

    kind: PartyKind
    name: str
    age: int | None
    sex: Sex | None
    credit_code: str | None = strawberry.field(description="Unified social credit code of an organisation.")
    legal_representative: str | None
    address: str
    phone: str

    @strawberry.field(description="Identity card number of a person. Requires party:read_id_number; null without it.")
    def id_number(self, info: Info) -> str | None:
        principal = info.context.require_principal()
        if not info.context.can("read_id_number", "party", [principal.agency_id]):
            return None
        return cast(models.Party, self).id_number  # the root is the model row
