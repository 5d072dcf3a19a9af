"""R-G1: naming an agency's responsible head."""

from __future__ import annotations

from enum import StrEnum

import strawberry
from strawberry import relay

import models
from graphql_api.agencies.types import Agency
from graphql_api.context import Info, forbidden_on_denial
from graphql_api.relations import decode_id
from procedures import supervision


@strawberry.enum(description="Why naming a responsible head was refused.")
class SupervisionErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    NOT_OF_AGENCY = "NOT_OF_AGENCY"
    INACTIVE_USER = "INACTIVE_USER"


@strawberry.type
class SupervisionError:
    code: SupervisionErrorCode
    field: str | None
    message: str


@strawberry.type
class AgencyPayload:
    agency: Agency | None
    errors: list[SupervisionError]


@strawberry.type
class AgencyMutation:
    @strawberry.mutation(description="R-G1: name the agency's responsible head for transfer and coordination work. "
                         "Requires user:manage in that agency.")  # fmt: skip
    async def appoint_responsible_head(self, info: Info, agency: relay.GlobalID, user: relay.GlobalID) -> AgencyPayload:
        actor = info.context.require_principal()
        agency_id = decode_id(agency, "Agency", field="agency") or 0
        user_id = decode_id(user, "User", field="user") or 0
        try:
            async with forbidden_on_denial():
                await supervision.appoint_head(actor, agency_id=agency_id, user_id=user_id)
        except supervision.SupervisionError as exc:
            error = SupervisionError(code=SupervisionErrorCode(exc.code), field=exc.field, message=str(exc))
            return AgencyPayload(agency=None, errors=[error])
        return AgencyPayload(agency=await models.Agency.get(id=agency_id), errors=[])  # type: ignore[arg-type]
