"""The database as the app configures it: PostgreSQL's pool hands connections back without a reset round trip (but
never inside a transaction), and the event hub's look for unsealed events is served by an index."""

from __future__ import annotations

from typing import Any

import pytest
from tortoise import connections

from procedures.audit import unsealed


async def test_the_look_for_unsealed_events_is_served_by_their_partial_index(database_url: str) -> None:
    """Ten times a second per instance: without `event_unsealed` it scanned the whole event table (80 ms at 162,394
    events, 43 % of a core with the server idle)."""
    client: Any = connections.get("default")
    sql = unsealed(2000).values("id").sql(params_inline=True)
    if database_url.startswith("postgres"):
        async with client._pool.acquire() as connection, connection.transaction():
            # With a handful of test events a sequential scan is as cheap; forbid it to see which index serves.
            await connection.execute("SET LOCAL enable_seqscan = off")
            plan = "\n".join(row[0] for row in await connection.fetch(f"EXPLAIN {sql}"))
        assert "event_unsealed" in plan, plan
    else:  # SQLite searches the NULLs of the unique `chain_seq` index as well as the partial one; either is no scan
        plan = "\n".join(row["detail"] for row in await client.execute_query_dict(f"EXPLAIN QUERY PLAN {sql}"))
        assert plan.startswith("SEARCH event USING") and "SCAN" not in plan, plan


async def test_a_pooled_connection_comes_back_without_a_reset_and_outside_any_transaction(database_url: str) -> None:
    """asyncpg's default reset (`RESET ALL; UNLISTEN *; CLOSE ALL; pg_advisory_unlock_all()`) cost a round trip per
    checkout, more in PostgreSQL than a planned read itself; the app keeps no session state, so it is skipped
    (`server.database`). A transaction left open is still rolled back."""
    if not database_url.startswith("postgres"):
        pytest.skip("SQLite has one connection and no pool")
    pool = connections.get("default")._pool
    async with pool.acquire() as first:
        backend = first.get_server_pid()
        await first.execute("SET caselink.probe = 'kept'")
        await first.execute("BEGIN")
    async with pool.acquire() as again:  # asyncpg's pool is last in, first out
        assert again.get_server_pid() == backend
        assert await again.fetchval("SELECT current_setting('caselink.probe', true)") == "kept"  # no RESET ALL
        assert not again.is_in_transaction()
        await again.execute("RESET caselink.probe")
