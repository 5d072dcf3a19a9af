"""One migrated, seeded database per test session: SQLite by default, PostgreSQL when CASELINK_TEST_DATABASE_URL
is set. Tests talk to the app over ASGI, as a front end would over HTTP."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from tortoise import Tortoise
from tortoise.migrations.api import migrate

from permissions.authorizer import authorizer
from seeds.load import load_seeds
from seeds.people import DEMO_PASSWORD
from server.app import create_app
from server.database import tortoise_config
from server.settings import Settings

TEST_SECRET = "test-secret-key-that-is-long-enough-for-hs256"


def _database_url(tmp: Path) -> str:
    return os.environ.get("CASELINK_TEST_DATABASE_URL") or f"sqlite://{tmp}/caselink-test.sqlite3"


async def _reset_postgres(url: str) -> None:
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _database_url(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session", autouse=True)
async def database(database_url: str) -> AsyncIterator[str]:
    if database_url.startswith("postgres"):
        await _reset_postgres(database_url)
    config = tortoise_config(database_url)
    try:
        await migrate(config=config)
    finally:
        await Tortoise.close_connections()
    await Tortoise.init(config=config, _enable_global_fallback=True)
    try:
        await load_seeds()
        await authorizer.load()
        yield database_url
    finally:
        await Tortoise.close_connections()


@pytest.fixture
async def calendar_restored() -> AsyncIterator[None]:
    """The tests share one database: a notice or local exception a test loads for December 2026 onwards goes
    afterwards, and the deadlines it moved are counted on the provisional calendar again."""
    from datetime import date

    from tortoise.transactions import in_transaction

    from models import CalendarDay, CalendarNotice
    from procedures import clocks

    yield
    async with in_transaction() as connection:
        await CalendarNotice.filter(year=2027).using_db(connection).delete()
        days = CalendarDay.filter(date__gte=date(2026, 12, 1), date__lte=date(2027, 12, 31))
        await days.using_db(connection).delete()
        await clocks.recompute(connection, years=[2026, 2027], reason="test")


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, secret_key=TEST_SECRET, debug=False)


@pytest.fixture(scope="session")
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, manage_database=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://caselink.test") as c:
        yield c


@dataclass
class Api:
    """A GraphQL client with a token per demo user, fetched once."""

    client: httpx.AsyncClient
    tokens: dict[str, str] = field(default_factory=dict)

    async def token(self, username: str) -> str:
        if username not in self.tokens:
            result = await self.query(LOGIN, {"username": username, "password": DEMO_PASSWORD})
            token = result["data"]["login"]["token"]
            assert token, result
            self.tokens[username] = token
        return self.tokens[username]

    async def query(
        self,
        document: str,
        variables: dict[str, Any] | None = None,
        *,
        as_user: str | None = None,
        authorization: str | None = None,
        files: dict[str, tuple[str, bytes]] | None = None,
    ) -> dict[str, Any]:
        """`files` maps variable names to (filename, bytes), sent as the GraphQL multipart request spec says."""
        headers = {}
        if as_user is not None:
            headers["Authorization"] = f"Bearer {await self.token(as_user)}"
        elif authorization is not None:
            headers["Authorization"] = authorization
        if files:
            operations = {"query": document, "variables": {**(variables or {}), **dict.fromkeys(files)}}
            mapping = {str(i): [f"variables.{name}"] for i, name in enumerate(files)}
            parts = {str(i): (filename, data) for i, (filename, data) in enumerate(files.values())}
            form = {"operations": json.dumps(operations), "map": json.dumps(mapping)}
            response = await self.client.post("/graphql", data=form, files=parts, headers=headers)
        else:
            response = await self.client.post(
                "/graphql", json={"query": document, "variables": variables or {}}, headers=headers
            )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(self, document: str, variables: dict[str, Any] | None = None, *, as_user: str) -> dict[str, Any]:
        """The data of a query that must succeed."""
        body = await self.query(document, variables, as_user=as_user)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data


LOGIN = """
mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) { token expiresAt user { username } errors { code field message } }
}
"""


@pytest.fixture(scope="session")
def api(client: httpx.AsyncClient) -> Api:
    return Api(client)


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.statements.append(record.getMessage())


@contextmanager
def count_statements() -> Iterator[list[str]]:
    """The SQL statements Tortoise sends inside the block (it logs each one on `tortoise.db_client`)."""
    logger = logging.getLogger("tortoise.db_client")
    handler = _Counter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield handler.statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def errors_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = body.get("errors") or []
    return errors


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code", "") for e in errors_of(body)]
