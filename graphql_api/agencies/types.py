"""Agencies, delegated matters and the jurisdiction catalog."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.context import Info
from graphql_api.enums import AgencyKind
from graphql_api.node import ModelNode
from graphql_api.relations import first_or_none, many, one, required

if TYPE_CHECKING:
    from graphql_api.accounts.types import User

_User = Annotated["User", strawberry.lazy("graphql_api.accounts.types")]


@strawberry.type(
    description="A township government, sub-district office or county body. Readable by everyone signed in."
)
class Agency(ModelNode):
    _model = models.Agency
    _resource = "agency"

    name: str
    code: str = strawberry.field(description="Short code printed in document numbers, e.g. 南排河.")
    kind: AgencyKind
    credit_code: str | None = strawberry.field(description="Unified social credit code (统一社会信用代码).")
    address: str
    phone: str
    parent_id: strawberry.Private[int | None]
    designation_office_id: strawberry.Private[int | None]

    @strawberry.field(description="The agency above this one in the tree.")
    async def parent(self, info: Info) -> Agency | None:
        return await one(info, models.Agency, self.parent_id)

    @strawberry.field
    async def children(self, info: Info) -> list[Agency]:
        return await many(info, models.Agency, "parent_id", self.pk)

    @strawberry.field(description="For a county government: the office that handles designation of jurisdiction.")
    async def designation_office(self, info: Info) -> Agency | None:
        return await one(info, models.Agency, self.designation_office_id)

    @strawberry.field(description="R-G1: the responsible head for transfer and coordination work.")
    async def head(self, info: Info) -> _User | None:
        appointment = first_or_none(await many(info, models.AgencyHead, "agency_id", self.pk))
        return None if appointment is None else await one(info, models.User, appointment.user_id)

    @strawberry.field(description="The catalog lines that make this agency competent for a matter.")
    async def jurisdictions(self, info: Info) -> list[Jurisdiction]:
        return await many(info, models.Jurisdiction, "agency_id", self.pk)


@strawberry.type(description="A penalty matter of a county department, possibly delegated to townships.")
class Matter(ModelNode):
    _model = models.Matter
    _resource = "matter"

    code: str
    name: str
    field: str = strawberry.field(description="Field of administration, e.g. 市场监管.")
    legal_basis: str
    catalog_version: str
    effective_from: date
    effective_to: date | None
    decision_days: int = strawberry.field(description="Decision period from filing, in calendar days.")
    department_id: strawberry.Private[int]

    @strawberry.field(description="The county department whose power this is.")
    async def department(self, info: Info) -> Agency:
        return await required(info, models.Agency, self.department_id)

    @strawberry.field
    async def jurisdictions(self, info: Info) -> list[Jurisdiction]:
        return await many(info, models.Jurisdiction, "matter_id", self.pk)


@strawberry.type(description="One line of the jurisdiction catalog: who is competent for a matter, where.")
class Jurisdiction(ModelNode):
    _model = models.Jurisdiction
    _resource = "jurisdiction"

    basis: str
    effective_from: date
    effective_to: date | None
    matter_id: strawberry.Private[int]
    agency_id: strawberry.Private[int]
    territory_id: strawberry.Private[int | None]

    @strawberry.field
    async def matter(self, info: Info) -> Matter:
        return await required(info, models.Matter, self.matter_id)

    @strawberry.field(description="The competent agency.")
    async def agency(self, info: Info) -> Agency:
        return await required(info, models.Agency, self.agency_id)

    @strawberry.field(description="The township or sub-district whose territory this covers; null for the county.")
    async def territory(self, info: Info) -> Agency | None:
        return await one(info, models.Agency, self.territory_id)
