"""An admin client per test: its own cookie jar, signed in through the login form with its CSRF token."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest

from seeds.people import DEMO_PASSWORD
from server.app import create_app
from server.settings import Settings

_TOKEN = re.compile(r"""(?:name="csrf_token" value="|'X-CSRF-Token': ')([^"']+)""")


def csrf_of(html: str) -> str:
    found = _TOKEN.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


@pytest.fixture(scope="session")
async def admin_app(settings: Settings):
    app = create_app(settings, manage_database=False)
    yield app
    await app.state.admin.engine.dispose()


AdminClient = Callable[[str | None], Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def admin_client(admin_app) -> AsyncIterator[AdminClient]:
    opened: list[httpx.AsyncClient] = []

    async def open_as(username: str | None) -> httpx.AsyncClient:
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=admin_app), base_url="http://caselink.test")
        opened.append(client)
        if username is not None:
            page = await client.get("/admin/login")
            response = await client.post("/admin/login", data={"username": username, "password": DEMO_PASSWORD,
                                                               "csrf_token": csrf_of(page.text)})  # fmt: skip
            assert response.status_code == 302, response.text
        return client

    yield open_as
    for client in opened:
        await client.aclose()
