"""The Tortoise configuration, shared by the app, the command line and Tortoise's own migration tool."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tortoise.backends.sqlite.executor  # noqa: F401  (registers Tortoise's datetime adapter, which ours replaces)
from tortoise.backends.base.config_generator import expand_db_url

from server.settings import get_settings

MODELS_APP = "models"
# asyncpg's pool: Tortoise's default of 5 connections starves a worker under concurrent requests.
_POSTGRES_POOL = "minsize=2&maxsize=20"


def _utc_text(value: datetime) -> str:
    """SQLite stores datetimes as text and compares them as text, so one offset for all: Tortoise binds an aware
    datetime with its own offset, and a deadline written at +08:00 then compared with a UTC `now` (or the
    reverse) came out wrong. PostgreSQL's timestamptz needs none of this."""
    return (value.astimezone(UTC) if value.tzinfo is not None else value).isoformat(" ")


sqlite3.register_adapter(datetime, _utc_text)


def _with_pool(database_url: str) -> str:
    if not database_url.startswith(("postgres://", "postgresql://", "asyncpg://")) or "maxsize=" in database_url:
        return database_url
    return database_url + ("&" if urlsplit(database_url).query else "?") + _POSTGRES_POOL


async def keep_session(_connection: object) -> None:
    """asyncpg's release resets a pooled connection with `RESET ALL; UNLISTEN *; CLOSE ALL; pg_advisory_unlock_all()`,
    one more round trip per checkout that cost PostgreSQL more than a planned read's own statement. CaseLink keeps no
    session state: no SET (only SET LOCAL), no LISTEN, no cursors, advisory locks only transaction-scoped
    (`procedures.exclusive`). asyncpg still rolls back a transaction left open before it calls this."""


def _connection(database_url: str) -> str | dict[str, Any]:
    """The URL as it is for SQLite; for PostgreSQL, expanded so that the pool takes our reset."""
    if not database_url.startswith(("postgres://", "postgresql://", "asyncpg://")):
        return database_url
    config = expand_db_url(_with_pool(database_url))
    config["credentials"]["reset"] = keep_session
    return config


def ensure_sqlite_directory(database_url: str) -> None:
    """Create the folder of an SQLite file (./var by default) before the first connection."""
    if database_url.startswith("sqlite://"):
        path = database_url.removeprefix("sqlite://")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": _connection(database_url)},
        "apps": {
            MODELS_APP: {
                "models": ["models"],
                "default_connection": "default",
                "migrations": "migrations",
            }
        },
        # Stored in UTC, aware everywhere; working days are computed in China's time by procedures.calendar.
        "use_tz": True,
        "timezone": "UTC",
    }


# Read by `tortoise makemigrations` through [tool.tortoise] in pyproject.toml.
TORTOISE_ORM = tortoise_config(get_settings().database_url)
