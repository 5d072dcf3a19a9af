"""Transfers an agency sent or received, by status and overdue."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

import models
from graphql_api.context import Info
from graphql_api.enums import TransferStatus
from graphql_api.errors import NotFound
from graphql_api.node import load_visible
from graphql_api.pagination import LIST, Connection, paginate
from graphql_api.relations import decode_id
from graphql_api.transfers.types import Transfer
from models.enums import TransferStatus as Status
from procedures.jurisdiction import propose_receiver

if TYPE_CHECKING:
    from graphql_api.agencies.types import Agency

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]


@strawberry.input
class TransferFilter:
    status: list[TransferStatus] | None = None
    sender: relay.GlobalID | None = None
    receiver: relay.GlobalID | None = None
    case: relay.GlobalID | None = None
    overdue: bool | None = strawberry.field(default=None, description="Not sent, received or accepted by its deadline.")


def overdue_condition(now: datetime) -> Q:
    late_send = Q(status=Status.DRAFT, send_deadline__lt=now)
    late_receipt = Q(status=Status.SENT, receipt_deadline__lt=now)
    late_accept = Q(status=Status.RECEIVED, accept_deadline__lt=now)
    return late_send | late_receipt | late_accept


def transfer_rows(filter: TransferFilter | None) -> QuerySet[models.Transfer]:
    """The transfers the filter asks for, before the scope."""
    query = models.Transfer.all()
    if filter is not None:
        if filter.status:
            query = query.filter(status__in=filter.status)
        if filter.sender is not None:
            query = query.filter(sender_id=decode_id(filter.sender, "Agency", field="filter.sender"))
        if filter.receiver is not None:
            query = query.filter(receiver_id=decode_id(filter.receiver, "Agency", field="filter.receiver"))
        if filter.case is not None:
            query = query.filter(case_id=decode_id(filter.case, "Case", field="filter.case"))
        if filter.overdue is not None:
            condition = overdue_condition(datetime.now(UTC))
            query = query.filter(condition if filter.overdue else ~condition)
    return query


@strawberry.type(description="R-A1: the receiver the jurisdiction catalog proposes for a case, and why.")
class ReceiverProposal:
    agency: _Agency
    explanation: str


@strawberry.type
class TransferQuery:
    @strawberry.field(description="R-A1: who the catalog makes competent for the case's matter where it happened. "
                      "Requires case:read (null when the catalog names no one).")  # fmt: skip
    async def propose_receiver(self, info: Info, case: relay.GlobalID) -> ReceiverProposal | None:
        case_id = decode_id(case, "Case", field="case")
        [row] = await load_visible(info, models.Case, "case", [case_id or 0])
        if row is None:
            raise NotFound("no such case is visible to you", field="case")
        proposal = await propose_receiver(row, on=datetime.now(UTC).date())
        if proposal is None:
            return None
        return ReceiverProposal(agency=proposal.agency, explanation=proposal.explanation)  # type: ignore[arg-type]

    @strawberry.field(
        description="Transfers. Requires transfer:read; scope: sent or received by the agency, or at it as superior.",
        metadata={LIST: ("transfer", transfer_rows)},
    )
    async def transfers(
        self, info: Info, first: int | None = None, after: str | None = None, filter: TransferFilter | None = None
    ) -> Connection[Transfer]:
        query = transfer_rows(filter)
        return await paginate(info, query, resource="transfer", first=first, after=after, narrowed=filter is not None)
