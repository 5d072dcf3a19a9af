"""Agencies, delegated matters and the jurisdiction catalog."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.context import Info
from graphql_api.enums import AgencyKind
from graphql_api.node import ModelNode
from graphql_api.relations import first_or_none, many, one, to_many, to_one

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

    parent: Agency | None = to_one(models.Agency, "parent_id", description="The agency above this one in the tree.")
    children: list[Agency] = to_many(models.Agency, "parent_id")
    designation_office: Agency | None = to_one(
        models.Agency,
        "designation_office_id",
        description="For a county government: the office that handles designation of jurisdiction.",
    )

    @strawberry.field(description="R-G1: the responsible head for transfer and coordination work.")
    async def head(self, info: Info) -> _User | None:
        appointment = first_or_none(await many(info, models.AgencyHead, "agency_id", self.pk, resource=None))
        return None if appointment is None else await one(info, models.User, appointment.user_id, resource="user")

    jurisdictions: list[Jurisdiction] = to_many(
        models.Jurisdiction, "agency_id", description="The catalog lines that make this agency competent for a matter."
    )


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

    department: Agency = to_one(
        models.Agency, "department_id", description="The county department whose power this is."
    )
    jurisdictions: list[Jurisdiction] = to_many(models.Jurisdiction, "matter_id")


@strawberry.type(description="One line of the jurisdiction catalog: who is competent for a matter, where.")
class Jurisdiction(ModelNode):
    _model = models.Jurisdiction
    _resource = "jurisdiction"

    basis: str
    effective_from: date
    effective_to: date | None

    matter: Matter = to_one(models.Matter, "matter_id")
    agency: Agency = to_one(models.Agency, "agency_id", description="The competent agency.")
    territory: Agency | None = to_one(
        models.Agency,
        "territory_id",
        description="The township or sub-district whose territory this covers; null for the county.",
    )
