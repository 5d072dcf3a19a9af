"""R-G2's audit trail: the event table, sealed into a hash chain that `caselink audit verify` checks.

Why the chain is sealed after commit, not at insert: a writer that took "the last hash" inside its own transaction
would serialise every state change in the county on one row lock, and deadlock with writers that lock rows in
another order. So writers only append; the sealer (one instance at a time, see `procedures.exclusive`) numbers the
committed events in the order it finds them and hashes each over its content, its audience and the previous hash.
A row changed or removed after sealing breaks the chain at that row; the database's append-only trigger (migration
0003) refuses such changes in the first place. An event is unprotected only between its commit and the next seal,
a few seconds (`CASELINK_SWEEP_SECONDS`).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import QuerySet

from models import Event, EventAudience
from procedures.exclusive import exclusive

GENESIS = "0" * 64
_COLUMNS = ("id", "type", "occurred_at", "actor_id", "agency_id", "subject_type", "subject_id", "case_id", "payload")


def digest(previous: str, event: dict[str, Any], audience: list[int]) -> str:
    """SHA-256 over the previous hash and the event's canonical JSON (sorted keys, UTC instants)."""
    occurred: datetime = event["occurred_at"]
    record = {
        **{k: event[k] for k in _COLUMNS if k != "occurred_at"},
        "occurred_at": occurred.astimezone(UTC).isoformat(timespec="microseconds"),
        "audience": sorted(audience),
    }
    body = orjson.dumps(record, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    return hashlib.sha256(previous.encode() + body).hexdigest()


async def _audiences(event_ids: list[int], connection: BaseDBAsyncClient | None) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    rows = await EventAudience.filter(event_id__in=event_ids).using_db(connection).values_list("event_id", "agency_id")
    for event_id, agency_id in rows:
        found[int(event_id)].append(int(agency_id))
    return found


async def seal(*, batch: int = 2000) -> int:
    """Chain every committed, unsealed event; the number sealed (0 when another instance is sealing)."""
    total = 0
    while True:
        async with exclusive("audit-seal") as connection:
            if connection is None:
                return total
            head = (
                await Event.filter(chain_seq__isnull=False)
                .using_db(connection)
                .order_by("-chain_seq")
                .first()
                .values("chain_seq", "hash")
            )
            seq, previous = (int(head["chain_seq"]), str(head["hash"])) if head else (0, GENESIS)
            events = list(await unsealed(batch).using_db(connection).values(*_COLUMNS))
            if not events:
                return total
            audiences = await _audiences([e["id"] for e in events], connection)
            updates: list[list[Any]] = []
            for event in events:
                seq += 1
                current = digest(previous, event, audiences.get(event["id"], []))
                updates.append([seq, previous, current, event["id"]])
                previous = current
            await connection.execute_many(_update_sql(connection), updates)
            total += len(updates)
        if len(events) < batch:
            return total


def unsealed(batch: int) -> QuerySet[Event]:
    """The oldest events not sealed yet: what every instance's hub asks ten times a second, found by the partial
    index `event_unsealed` (migration 0005) among however many sealed events."""
    return Event.filter(chain_seq__isnull=True).order_by("id").limit(batch)


def _update_sql(connection: BaseDBAsyncClient) -> str:
    if connection.capabilities.dialect == "postgres":
        return "UPDATE event SET chain_seq = $1, prev_hash = $2, hash = $3 WHERE id = $4"
    return "UPDATE event SET chain_seq = ?, prev_hash = ?, hash = ? WHERE id = ?"


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    sealed: int  # events checked
    unsealed: int  # events committed since the last seal
    head: str  # the last hash: write it down, and a later run proves nothing before it changed
    broken_at: int | None = None  # the chain position of the first row that fails
    reason: str = ""


async def verify(*, expect_head: str | None = None, batch: int = 5000) -> Verification:
    """Walk the chain from its start: positions without gaps, each prev_hash the hash before, each hash recomputed.

    `expect_head`, a head hash written down earlier, must be met on the way: else the chain was cut back past it.
    """
    connection = connections.get("default")
    seq, previous = 0, GENESIS
    met = expect_head is None
    while True:
        events = list(
            await Event.filter(chain_seq__gt=seq)
            .order_by("chain_seq")
            .limit(batch)
            .values(*_COLUMNS, "chain_seq", "prev_hash", "hash")
        )
        if not events:
            break
        audiences = await _audiences([e["id"] for e in events], connection)
        for event in events:
            position = int(event["chain_seq"])
            problem = ""
            if position != seq + 1:
                problem, position = f"the events at positions {seq + 1} to {position - 1} are missing", seq + 1
            elif event["prev_hash"] != previous:
                problem = "its link to the event before is broken"
            elif digest(previous, event, audiences.get(event["id"], [])) != event["hash"]:
                problem = f"event {event['id']} was altered"
            if problem:
                return Verification(False, seq, await _unsealed(), previous, position, problem)
            seq, previous = position, str(event["hash"])
            met = met or previous == expect_head
    if not met:
        return Verification(False, seq, await _unsealed(), previous, seq + 1, "the expected head is not in the chain")
    return Verification(True, seq, await _unsealed(), previous)


async def _unsealed() -> int:
    return await Event.filter(chain_seq__isnull=True).count()
