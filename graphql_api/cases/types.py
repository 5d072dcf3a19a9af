"""Cases, their parties and their timeline."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

import models
from graphql_api.calendar.types import Deadline, deadlines_of
from graphql_api.enums import CaseSource, CaseStatus, PartyKind, Sex
from graphql_api.node import ModelNode
from graphql_api.relations import computed, to_many, to_one
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


_OVERDUE_COLUMNS = ("status", "filed_at", "filing_deadline", "decided_at", "decision_deadline")


def case_is_overdue(case: Mapping[str, Any], now: datetime) -> bool:
    """From the case's columns: the same test as the `overdue` filter's SQL (cases.queries.overdue_condition)."""
    if case["status"] not in ACTIVE_STATUSES:
        return False
    filing, decision = case["filing_deadline"], case["decision_deadline"]
    late_filing = case["filed_at"] is None and filing is not None and filing < now
    late_decision = case["decided_at"] is None and decision is not None and decision < now
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
    deadlines: list[Deadline] = deadlines_of("case")
    suspended_at: datetime | None = strawberry.field(description="Since when the decision clock stands still.")
    suspension_reason: str
    decided_at: datetime | None
    decision_summary: str
    closed_at: datetime | None

    overdue: bool = computed(
        _OVERDUE_COLUMNS,
        lambda row, _: case_is_overdue(row, datetime.now(UTC)),
        description="True when the filing or decision deadline has passed and the act is not done.",
    )

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

    id_number: str | None = computed(
        ("id_number",),
        lambda row, can: row["id_number"] if can("read_id_number", "party") else None,
        description="Identity card number of a person. Requires party:read_id_number; null without it.",
    )
