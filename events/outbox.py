"""Append an event in the caller's transaction: a state change and its event commit together or not at all."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models import Event, EventAudience


async def record_event(
    *,
    type: str,
    subject_type: str,
    subject_id: int,
    audience: Iterable[int],
    actor_id: int | None = None,
    agency_id: int | None = None,
    case_id: int | None = None,
    payload: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
    using_db: BaseDBAsyncClient | None = None,
) -> Event:
    """Write one event and the agencies that may see it. Pass the transaction's connection as `using_db`;
    without one, the event gets a transaction of its own. `occurred_at` is for seeding history; by default, now."""
    if using_db is None:
        async with in_transaction() as connection:
            return await _write(type, subject_type, subject_id, audience, actor_id, agency_id, case_id, payload,
                                occurred_at, connection)  # fmt: skip
    return await _write(type, subject_type, subject_id, audience, actor_id, agency_id, case_id, payload, occurred_at,
                        using_db)  # fmt: skip


async def _write(
    type: str,
    subject_type: str,
    subject_id: int,
    audience: Iterable[int],
    actor_id: int | None,
    agency_id: int | None,
    case_id: int | None,
    payload: dict[str, Any] | None,
    occurred_at: datetime | None,
    using_db: BaseDBAsyncClient,
) -> Event:
    event = await Event.create(
        **({"occurred_at": occurred_at} if occurred_at else {}),
        type=type,
        subject_type=subject_type,
        subject_id=subject_id,
        actor_id=actor_id,
        agency_id=agency_id,
        case_id=case_id,
        payload=payload or {},
        using_db=using_db,
    )
    agencies = sorted({a for a in audience if a is not None} | ({agency_id} if agency_id else set()))
    await EventAudience.bulk_create(
        [EventAudience(event_id=event.id, agency_id=a) for a in agencies], using_db=using_db
    )
    return event
