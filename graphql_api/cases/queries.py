"""The case list a front end needs: by status, matter, agency, date range and overdue."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry import relay
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

import models
from graphql_api.cases.types import ACTIVE_STATUSES, Case
from graphql_api.context import Info
from graphql_api.enums import CaseStatus
from graphql_api.pagination import LIST, Connection, paginate
from graphql_api.relations import decode_id


@strawberry.input
class CaseFilter:
    status: list[CaseStatus] | None = None
    matter: relay.GlobalID | None = None
    agency: relay.GlobalID | None = strawberry.field(default=None, description="The agency that holds the case.")
    discovered_from: datetime | None = None
    discovered_to: datetime | None = None
    overdue: bool | None = strawberry.field(default=None, description="Filing or decision deadline passed.")
    search: str | None = strawberry.field(default=None, description="Part of the number or title.")


def overdue_condition(now: datetime) -> Q:
    late_filing = Q(filed_at__isnull=True, filing_deadline__lt=now)
    late_decision = Q(decided_at__isnull=True, decision_deadline__lt=now)
    return Q(status__in=list(ACTIVE_STATUSES)) & (late_filing | late_decision)


def case_rows(filter: CaseFilter | None) -> QuerySet[models.Case]:
    """The cases the filter asks for, before the scope; BAD_USER_INPUT for an ID of the wrong type."""
    query = models.Case.all()
    if filter is not None:
        if filter.status:
            query = query.filter(status__in=filter.status)
        if filter.matter is not None:
            query = query.filter(matter_id=decode_id(filter.matter, "Matter", field="filter.matter"))
        if filter.agency is not None:
            query = query.filter(agency_id=decode_id(filter.agency, "Agency", field="filter.agency"))
        if filter.discovered_from is not None:
            query = query.filter(discovered_at__gte=filter.discovered_from)
        if filter.discovered_to is not None:
            query = query.filter(discovered_at__lt=filter.discovered_to)
        if filter.overdue is not None:
            condition = overdue_condition(datetime.now(UTC))
            query = query.filter(condition if filter.overdue else ~condition)
        if filter.search:
            query = query.filter(Q(number__icontains=filter.search) | Q(title__icontains=filter.search))
    return query


@strawberry.type
class CaseQuery:
    @strawberry.field(
        description="Cases. Requires case:read; scope: the agency's own cases and those it is involved in (transfer, "
        "assistance, joint plan, or as the superior designating jurisdiction).",
        metadata={LIST: ("case", case_rows)},
    )
    async def cases(
        self, info: Info, first: int | None = None, after: str | None = None, filter: CaseFilter | None = None
    ) -> Connection[Case]:
        query = case_rows(filter)
        return await paginate(info, query, resource="case", first=first, after=after, narrowed=filter is not None)
