"""The live stream's in-memory rule for events and the SQL scope of the `events` list answer alike."""

from __future__ import annotations

from collections import defaultdict

from models import Agency, Event, EventAudience
from permissions.filters import event_visible, scope_filter
from permissions.index import Scope


async def test_event_visible_agrees_with_the_sql_scope_of_events() -> None:
    audiences: dict[int, set[int]] = defaultdict(set)
    for event_id, agency_id in await EventAudience.all().values_list("event_id", "agency_id"):
        audiences[int(event_id)].add(int(agency_id))
    all_ids: set[int] = {int(i) for i in await Event.all().values_list("id", flat=True)}  # type: ignore[call-overload]
    agencies = [int(i) for i in await Agency.all().order_by("id").values_list("id", flat=True)]  # type: ignore[call-overload]
    scopes = [Scope.all(), Scope.none(), *(Scope(False, frozenset(agencies[i : i + 3])) for i in range(0, 12, 3))]
    for scope in scopes:
        where = scope_filter("event", scope)
        query = Event.filter(where) if where is not None else Event.all()
        in_sql = {int(i) for i in await query.values_list("id", flat=True)}  # type: ignore[call-overload]
        in_memory = {i for i in all_ids if event_visible(scope, frozenset(audiences[i]))}
        assert in_sql == in_memory, scope
    assert any(event_visible(s, frozenset(a)) for s in scopes[2:] for a in audiences.values())  # not vacuous
