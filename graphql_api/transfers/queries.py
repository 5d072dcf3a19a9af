"""Transfers an agency sent or received, by status and overdue."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry import relay
from tortoise.expressions import Q

import models
from graphql_api.context import Info
from graphql_api.enums import TransferStatus
from graphql_api.pagination import Connection, paginate
from graphql_api.relations import decode_id
from graphql_api.transfers.types import Transfer
from models.enums import TransferStatus as Status


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


@strawberry.type
class TransferQuery:
    @strawberry.field(
        description="Transfers. Requires transfer:read; scope: sent or received by the agency, or at it as superior."
    )
    async def transfers(
        self, info: Info, first: int | None = None, after: str | None = None, filter: TransferFilter | None = None
    ) -> Connection[Transfer]:
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
        return await paginate(info, query, resource="transfer", first=first, after=after, narrowed=filter is not None)
