"""R-G2: statistics per agency and period."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay
from tortoise.queryset import QuerySet

import models
from graphql_api.context import Info
from graphql_api.enums import AlertLevel
from graphql_api.errors import BadUserInput
from graphql_api.pagination import LIST, Connection, paginate
from graphql_api.relations import decode_id, to_one
from graphql_api.supervision.types import DeadlineAlert
from permissions.index import Scope
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
    deadlines_missed: int = strawberry.field(description="Its deadlines in the period found passed (RED warnings).")
    deadlines_warned: int = strawberry.field(description="Its deadlines in the period warned of ahead (YELLOW).")

    agency: _Agency = to_one(models.Agency, "agency_id")


@strawberry.input
class DeadlineAlertFilter:
    levels: list[AlertLevel] | None = None
    kinds: list[str] | None = strawberry.field(default=None, description='Time-limit keys, e.g. ["case.filing"].')
    agencies: list[relay.GlobalID] | None = None
    deadline_from: datetime | None = strawberry.field(default=None, description="Inclusive.")
    deadline_to: datetime | None = strawberry.field(default=None, description="Exclusive.")


def deadline_alert_rows(filter: DeadlineAlertFilter | None) -> QuerySet[models.DeadlineAlert]:
    """The warnings the filter asks for, before the scope."""
    query = models.DeadlineAlert.all()
    if filter is not None:
        if filter.levels:
            query = query.filter(level__in=filter.levels)
        if filter.kinds:
            query = query.filter(kind__in=filter.kinds)
        if filter.agencies is not None:
            ids = [decode_id(a, "Agency", field="filter.agencies") for a in filter.agencies]
            query = query.filter(agency_id__in=ids)
        if filter.deadline_from is not None:
            query = query.filter(deadline__gte=filter.deadline_from)
        if filter.deadline_to is not None:
            query = query.filter(deadline__lt=filter.deadline_to)
    return query


@strawberry.type
class SupervisionQuery:
    @strawberry.field(description="R-G2: the deadline warnings, oldest first. Requires event:read; scope: the "
                      "agency's own (supervisors: the county).",
                      metadata={LIST: ("deadline_alert", deadline_alert_rows)})  # fmt: skip
    async def deadline_alerts(
        self, info: Info, first: int | None = None, after: str | None = None, filter: DeadlineAlertFilter | None = None
    ) -> Connection[DeadlineAlert]:
        query = deadline_alert_rows(filter)
        return await paginate(
            info, query, resource="deadline_alert", first=first, after=after, narrowed=filter is not None
        )

    @strawberry.field(description="R-G2: statistics per agency for [from, to). Requires statistics:read; scope: "
                      "the agencies where it is held (supervisors: the county). Omit `agencies` for all.")  # fmt: skip
    async def statistics(
        self,
        info: Info,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
        agencies: list[relay.GlobalID] | None = None,
    ) -> list[AgencyStatistics]:
        check_period(from_, to)
        scope = await info.context.read_scope("statistics")
        rows = await agency_statistics(scope, from_, to, agencies)
        return [AgencyStatistics(**figures) for figures in rows]


def check_period(from_: datetime, to: datetime) -> None:
    if to <= from_:
        raise BadUserInput("`to` must be after `from`", field="to")


async def agency_statistics(
    scope: Scope, from_: datetime, to: datetime, agencies: list[relay.GlobalID] | None
) -> list[dict[str, Any]]:
    """R-G2's figures (as `AgencyStatistics` fields, and `agency_id`) of the agencies asked for, or of every agency
    in the scope, for [from, to); BAD_USER_INPUT for a bad period, a bad ID or too many agencies. The resolver above
    and the planned read path both answer through this."""
    check_period(from_, to)
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
    return [{f: getattr(r, f) for f in r.__slots__} for r in rows]
