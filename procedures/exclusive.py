"""Work that one instance at a time may do (the deadline sweep, the audit sealer), whatever the number of servers.

On PostgreSQL a transaction-scoped advisory lock: it is released when the transaction ends, even when the instance
dies, and a second instance that asks gets "no" at once instead of waiting. SQLite is one file on one machine,
served by one process (see DESIGN.md), so the lock in the process, which both paths take, is enough there.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

_in_process: dict[str, asyncio.Lock] = {}


def lock_key(name: str) -> int:
    """A stable key for the name (advisory locks take integers)."""
    return zlib.crc32(f"caselink:{name}".encode())


@asynccontextmanager
async def exclusive(name: str) -> AsyncIterator[BaseDBAsyncClient | None]:
    """A transaction that holds the `name` lock, or None when another sweep (here or elsewhere) holds it."""
    lock = _in_process.setdefault(name, asyncio.Lock())
    if lock.locked():
        yield None
        return
    async with lock, in_transaction() as connection:
        if connection.capabilities.dialect == "postgres":
            rows = await connection.execute_query_dict("SELECT pg_try_advisory_xact_lock($1) AS held", [lock_key(name)])
            if not rows[0]["held"]:
                yield None
                return
        yield connection
