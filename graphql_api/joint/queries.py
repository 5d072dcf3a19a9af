"""Consultations and joint enforcement plans."""

from __future__ import annotations

import strawberry
from tortoise.queryset import QuerySet

import models
from graphql_api.context import Info
from graphql_api.enums import ConsultationKind, JointPlanStatus
from graphql_api.joint.types import Consultation, JointPlan
from graphql_api.pagination import LIST, Connection, paginate


@strawberry.input
class ConsultationFilter:
    kind: list[ConsultationKind] | None = None


@strawberry.input
class JointPlanFilter:
    status: list[JointPlanStatus] | None = None


def consultation_rows(filter: ConsultationFilter | None) -> QuerySet[models.Consultation]:
    query = models.Consultation.all()
    if filter is not None and filter.kind:
        query = query.filter(kind__in=filter.kind)
    return query


def joint_plan_rows(filter: JointPlanFilter | None) -> QuerySet[models.JointPlan]:
    query = models.JointPlan.all()
    if filter is not None and filter.status:
        query = query.filter(status__in=filter.status)
    return query


@strawberry.type
class JointQuery:
    @strawberry.field(
        description="R-C1 consultations. Requires consultation:read; scope: convened or attended by the agency.",
        metadata={LIST: ("consultation", consultation_rows)},
    )
    async def consultations(
        self, info: Info, first: int | None = None, after: str | None = None, filter: ConsultationFilter | None = None
    ) -> Connection[Consultation]:
        query = consultation_rows(filter)
        return await paginate(
            info, query, resource="consultation", first=first, after=after, narrowed=filter is not None
        )

    @strawberry.field(
        description="R-C2 joint plans. Requires joint_plan:read; scope: lead, participating unit or approver.",
        metadata={LIST: ("joint_plan", joint_plan_rows)},
    )
    async def joint_plans(
        self, info: Info, first: int | None = None, after: str | None = None, filter: JointPlanFilter | None = None
    ) -> Connection[JointPlan]:
        query = joint_plan_rows(filter)
        return await paginate(info, query, resource="joint_plan", first=first, after=after, narrowed=filter is not None)
