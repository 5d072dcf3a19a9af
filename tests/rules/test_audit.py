"""R-G2: the audit trail is append-only and hash-chained; `caselink audit verify` proves nothing was altered."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from tortoise import connections
from tortoise.exceptions import IntegrityError, OperationalError

from models import Event, EventAudience
from procedures import audit
from tests.conftest import Api

CASELINK = str(Path(sys.executable).parent / "caselink")
REFUSED = (IntegrityError, OperationalError, asyncpg.exceptions.RaiseError)
_TRIGGERS = importlib.import_module("migrations.0003_event_append_only")


@asynccontextmanager
async def _guard_lifted() -> AsyncIterator[None]:
    """What an intruder with the database's password could do: lift the append-only trigger for a while."""
    connection = connections.get("default")
    postgres = connection.capabilities.dialect == "postgres"
    if postgres:
        await connection.execute_script("ALTER TABLE event DISABLE TRIGGER event_append_only")
    else:
        await connection.execute_script("DROP TRIGGER event_no_delete; DROP TRIGGER event_sealed_once")
    try:
        yield
    finally:
        if postgres:
            await connection.execute_script("ALTER TABLE event ENABLE TRIGGER event_append_only")
        else:
            for sql in _TRIGGERS._SQLITE:
                await connection.execute_script(sql)


def _cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASELINK_DATABASE_URL": database_url}
    return subprocess.run([CASELINK, "audit", *args], env=env, capture_output=True, text=True, timeout=60, check=False)


async def _an_event(api: Api) -> Event:
    """A fresh state change (a clue registered through the API), so each test owns its event."""
    mutation = """mutation { registerClue(input: {channel: PHONE, content: "举报渔港附近流动摊贩销售无标签食品",
      partyName: "流动摊贩"}) { clue { id } errors { code } } }"""
    assert (await api.data(mutation, as_user="nph_registrar"))["registerClue"]["errors"] == []
    event = await Event.filter(type="clue.registered").order_by("-id").first()
    assert event is not None
    return event


async def test_r_g2_each_event_is_sealed_with_the_hash_of_the_one_before(api: Api) -> None:
    """R-G2: the sealer chains committed events; each row carries its predecessor's hash, and the chain verifies."""
    event = await _an_event(api)
    assert event.hash is None  # committed, not sealed yet
    assert await audit.seal() >= 1
    sealed = await Event.get(id=event.id)
    assert sealed.chain_seq is not None and sealed.hash is not None
    before = await Event.get(chain_seq=sealed.chain_seq - 1) if sealed.chain_seq > 1 else None
    assert sealed.prev_hash == (before.hash if before else audit.GENESIS)
    values: dict[str, Any] = await Event.filter(id=event.id).first().values(*audit._COLUMNS)
    audience: list[int] = await EventAudience.filter(event_id=event.id).values_list("agency_id", flat=True)  # type: ignore[assignment]
    assert sealed.hash == audit.digest(str(sealed.prev_hash), values, audience)
    result = await audit.verify()
    last = await Event.filter(chain_seq__isnull=False).order_by("-chain_seq").first()
    assert result.ok and result.unsealed == 0 and last is not None and result.head == last.hash
    assert await audit.seal() == 0  # nothing new


async def test_r_g2_the_database_refuses_to_change_or_delete_an_event(api: Api) -> None:
    """R-G2: append-only, in the database itself: no update of a sealed event, no delete of any."""
    event = await _an_event(api)
    with pytest.raises(REFUSED):
        await Event.filter(id=event.id).update(type="clue.tampered")  # not sealed yet: only the sealer may write
    await audit.seal()
    with pytest.raises(REFUSED):
        await Event.filter(id=event.id).update(payload={"status": "closed"})
    with pytest.raises(REFUSED):
        await Event.filter(id=event.id).delete()
    assert (await Event.get(id=event.id)).type == event.type


async def test_r_g2_audit_verify_finds_an_altered_and_a_removed_event(api: Api, database_url: str) -> None:
    """R-G2: `caselink audit verify` exits 0 on an intact chain and 1, naming the position, when a row was altered
    or removed behind the trigger's back; a head written down earlier must still be in the chain."""
    event = await _an_event(api)
    await _an_event(api)  # so that the victim is not the last
    await audit.seal()
    intact = _cli(database_url, "verify")
    assert intact.returncode == 0, intact.stderr
    head = intact.stdout.split("head: ")[1].strip()
    victim = await Event.get(id=event.id)

    async with _guard_lifted():
        await Event.filter(id=victim.id).update(payload={**victim.payload, "status": "closed"})
    try:
        altered = _cli(database_url, "verify")
        assert altered.returncode == 1
        assert f"BROKEN at chain position {victim.chain_seq}: event {victim.id} was altered" in altered.stderr
    finally:
        async with _guard_lifted():
            await Event.filter(id=victim.id).update(payload=victim.payload)

    row: dict[str, Any] = await Event.filter(id=victim.id).first().values()
    audience = await EventAudience.filter(event_id=victim.id).values_list("agency_id", flat=True)
    async with _guard_lifted():
        await Event.filter(id=victim.id).delete()
    try:
        removed = await audit.verify()
        assert not removed.ok and removed.broken_at == victim.chain_seq and "missing" in removed.reason
    finally:
        async with _guard_lifted():
            await Event.create(**row)
            await EventAudience.bulk_create([EventAudience(event_id=victim.id, agency_id=a) for a in audience])
    assert (await audit.verify(expect_head=head)).ok
    assert not (await audit.verify(expect_head="f" * 64)).ok


async def test_r_g2_the_supervisor_queries_the_trail_by_agency_actor_and_time_with_its_hashes(api: Api) -> None:
    """R-G2: every event with actor, agency, time and payload, filtered for the supervisor, each with its seal."""
    event = await _an_event(api)
    await audit.seal()
    sealed = await Event.get(id=event.id)
    query = """query($f: EventFilter) { events(filter: $f, first: 100) { edges { node {
      id type occurredAt actor { username } agency { code } payload chainSeq prevHash hash } } } }"""
    nph = (await api.data('{ agency(code: "南排河") { id } }', as_user="sfj_supervisor"))["agency"]["id"]
    actor = (await api.data("{ me { user { id } } }", as_user="nph_registrar"))["me"]["user"]["id"]
    window = {"agencies": [nph], "actor": actor, "types": ["clue.registered"],
              "occurredFrom": (sealed.occurred_at - timedelta(seconds=1)).isoformat(),
              "occurredTo": (sealed.occurred_at + timedelta(seconds=1)).isoformat()}  # fmt: skip
    nodes = [e["node"] for e in (await api.data(query, {"f": window}, as_user="sfj_supervisor"))["events"]["edges"]]
    mine = [n for n in nodes if n["chainSeq"] == sealed.chain_seq]
    assert len(mine) == 1 and mine[0]["hash"] == sealed.hash and mine[0]["prevHash"] == sealed.prev_hash
    assert mine[0]["actor"] == {"username": "nph_registrar"} and mine[0]["agency"] == {"code": "南排河"}
    later = {**window, "occurredFrom": (sealed.occurred_at + timedelta(seconds=1)).isoformat(), "occurredTo": None}
    nodes = (await api.data(query, {"f": later}, as_user="sfj_supervisor"))["events"]["edges"]
    assert all(e["node"]["chainSeq"] != sealed.chain_seq for e in nodes)
