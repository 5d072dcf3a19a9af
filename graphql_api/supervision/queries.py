"""R-G2: statistics per agency and period."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

import models
from graphql_api.context import Info
from graphql_api.errors import BadUserInput
from graphql_api.relations import decode_id, one
from procedures import supervision

if TYPE_CHECKING:
    from graphql_api.agencies.types import Agency

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]
MAX_AGENCIES = 500


@strawberry.type(description="What an agency did in a period (R-G2), computed in SQL.")
class AgencyStatistics:
    agency_id: strawberry.Private[int]
    transfers_sent: int
    transfers_received: int
    transfers_disputed: int = strawberry.field(description="Received transfers it disputed.")
    avg_days_to_receipt: float | None = strawberry.field(description="From sending to receipt, as receiver.")
    avg_days_to_acceptance: float | None = strawberry.field(description="From sending to acceptance, as receiver.")
    assistance_asked: int = strawberry.field(description="Assistance requests it was asked to answer.")
    assistance_answered: int
    assistance_answered_on_time: int
    clues_registered: int
    clues_passed_on: int
    clue_feedback_given: int = strawberry.field(description="Results it reported on clues passed on to it.")

    @strawberry.field
    async def agency(self, info: Info) -> _Agency:
        return await one(info, models.Agency, self.agency_id)


@strawberry.type
class SupervisionQuery:
    @strawberry.field(description="R-G2: statistics per agency for [from, to). Requires statistics:read; scope: "
                      "the agencies where it is held (supervisors: the county). Omit `agencies` for all.")  # fmt: skip
    async def statistics(
        self,
        info: Info,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
        agencies: list[relay.GlobalID] | None = None,
    ) -> list[AgencyStatistics]:
        if to <= from_:
            raise BadUserInput("`to` must be after `from`", field="to")
        scope = await info.context.read_scope("statistics")
        if agencies is not None:
            wanted = {decode_id(a, "Agency", field="agencies") or 0 for a in agencies}
        elif scope.everything:
            wanted = set(await models.Agency.all().values_list("id", flat=True))  # type: ignore[arg-type]
        else:
            wanted = set(scope.agency_ids)
        visible = sorted(a for a in wanted if scope.includes(a))
        if len(visible) > MAX_AGENCIES:
            raise BadUserInput(f"ask for at most {MAX_AGENCIES} agencies at once", field="agencies")
        rows = await supervision.statistics(visible, start=from_, end=to)
        return [AgencyStatistics(**{f: getattr(r, f) for f in r.__slots__}) for r in rows]
