"""A policy change reaches every running instance: two servers on PostgreSQL and Redis, a role revoked through one,
refused by the other within a second. Runs in the PostgreSQL pass of the suite (CI sets it up)."""

from __future__ import annotations

import asyncio
import base64
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from models.enums import Role
from procedures.people import create_user
from seeds.people import DEMO_PASSWORD
from tests.servers import running

REDIS_URL = os.environ.get("CASELINK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

pytestmark = pytest.mark.skipif(
    not os.environ.get("CASELINK_TEST_DATABASE_URL", "").startswith("postgres"),
    reason="several instances share one database only on PostgreSQL",
)


@pytest.fixture
async def live_officer() -> int:
    """Created before the servers start, so both load its role at start-up."""
    user = await create_user(username="live_officer", agency_code="南排河", role=Role.OFFICER, password=DEMO_PASSWORD)
    return user.id


@pytest.fixture
def two_instances(live_officer: int, database_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    env = {**os.environ, "CASELINK_DATABASE_URL": database_url, "CASELINK_REDIS_URL": REDIS_URL,
           "CASELINK_SECRET_KEY": "live-policy-secret-key-long-enough-for-hs256"}  # fmt: skip
    with running([env, env], tmp_path) as bases:
        yield bases[0], bases[1]


async def _login(client: httpx.AsyncClient, base: str, username: str) -> str:
    response = await client.post(f"{base}/graphql", json={
        "query": "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
        "variables": {"u": username, "p": DEMO_PASSWORD}})  # fmt: skip
    token: str = response.json()["data"]["login"]["token"]
    return token


async def _gql(client: httpx.AsyncClient, base: str, token: str, query: str,
               variables: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    response = await client.post(f"{base}/graphql", json={"query": query, "variables": variables or {}},
                                 headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    body: dict[str, Any] = response.json()
    return body


def _codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors") or []]


REVOKE = "mutation($u: ID!, $a: ID) { revokeRole(user: $u, role: OFFICER, agency: $a) { errors { code } } }"
TRANSFERS = "{ transfers { totalCount } }"


async def test_a_role_revoked_on_one_instance_is_refused_on_the_other(
    two_instances: tuple[str, str], live_officer: int
) -> None:
    first, second = two_instances
    async with httpx.AsyncClient(timeout=10) as client:
        officer, admin = await _login(client, second, "live_officer"), await _login(client, first, "nph_admin")
        assert _codes(await _gql(client, second, officer, TRANSFERS)) == []
        agency = (await _gql(client, first, admin, "{ me { agency { id } } }"))["data"]["me"]["agency"]["id"]
        user = base64.b64encode(f"User:{live_officer}".encode()).decode()
        revoked = await _gql(client, first, admin, REVOKE, {"u": user, "a": agency})
        assert revoked["data"] == {"revokeRole": {"errors": []}}, revoked
        started = time.monotonic()
        while _codes(await _gql(client, second, officer, TRANSFERS)) != ["FORBIDDEN"]:
            assert time.monotonic() - started < 1.0, "the other instance still allowed it after a second"
            await asyncio.sleep(0.02)
        print(f"refused on the other instance {1000 * (time.monotonic() - started):.0f} ms after the revocation")
