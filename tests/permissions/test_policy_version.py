"""Issue 15 (3, 4): a revocation is in force everywhere within the stated bound, whatever carried it or failed to.

The policy's version is the count of `policy_change` rows, which a trigger adds with every change of `policy_rule`
(SQL typed by hand included) and which only grows; every instance reads it every 5 s. Broker messages are hints to
look now, never applied as they are, and travel on channels named after the deployment's identity."""

from __future__ import annotations

import asyncio
import uuid

import orjson
import pytest
from redis.asyncio import Redis
from tortoise import connections

from events.broker import RedisBroker
from models import Agency, Deployment, PolicyChange, PolicyRule, User
from models.enums import Role
from permissions.authorizer import authorizer
from permissions.credentials import hash_password
from permissions.principal import Principal, user_subject
from procedures import policies
from procedures.policies import POLICY_CHANNEL, apply_policy_message
from server.wiring import deployment_prefix

REDIS = "redis://127.0.0.1:6379/0"


async def _officer_candidate() -> tuple[User, Principal, Agency]:
    agency = await Agency.get(code="南排河")
    name = f"policy_{uuid.uuid4().hex[:6]}"
    user = await User.create(username=name, display_name=name, agency=agency, password_hash=hash_password("x" * 8))
    return user, Principal(subject=user_subject(user.id), agency_id=agency.id, user_id=user.id), agency


async def test_a_role_line_deleted_in_sql_is_refused_at_the_next_check() -> None:
    """The earlier check compared (line count, highest ID): granting a line then deleting it by hand gave back the
    signature it had, so the role stayed in force until a restart."""
    user, principal, agency = await _officer_candidate()
    before = await PolicyChange.all().count()
    await policies.grant_role(None, user_id=user.id, role=Role.OFFICER, agency_id=agency.id)
    assert authorizer.can(principal, "read", "case", agency.id)
    assert await PolicyChange.all().count() > before  # the trigger wrote the change in the grant's transaction
    connection = connections.get("default")
    placeholder = "$1" if connection.capabilities.dialect == "postgres" else "?"
    await connection.execute_query(f"DELETE FROM policy_rule WHERE v0 = {placeholder}", [principal.subject])
    assert await authorizer.refresh_if_changed()  # what every instance's 5 s check runs
    assert not authorizer.can(principal, "read", "case", agency.id)


async def test_a_message_is_a_hint_to_read_the_table_never_applied_as_it_is() -> None:
    """A deployment sharing our Redis (or anyone who can publish there) cannot grant a role by saying so."""
    _, principal, _ = await _officer_candidate()
    forged = ["g", principal.subject, Role.SYSTEM_ADMIN.value, "*"]
    await apply_policy_message({"added": [forged], "removed": []})
    assert not authorizer.scope(principal, "manage", "policy").everything
    assert not await PolicyRule.exists(v0=principal.subject)


async def test_two_deployments_on_one_redis_do_not_hear_each_other() -> None:
    """The channel carries the deployment's identity (migration 0008 gives each database its own)."""
    deployment = await Deployment.first()
    assert deployment is not None
    ours = await deployment_prefix("caselink")
    assert ours == f"caselink:{deployment.uid}"
    other = f"caselink:{uuid.uuid4()}"
    heard: dict[str, list[dict[str, object]]] = {ours: [], other: []}
    brokers = []
    for prefix in (ours, other):
        broker = RedisBroker(REDIS, prefix=prefix)

        async def handler(message: dict[str, object], prefix: str = prefix) -> None:
            heard[prefix].append(message)

        broker.subscribe(POLICY_CHANNEL, handler)
        try:
            await broker.start()
        except (OSError, TimeoutError):
            pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
        brokers.append(broker)
    redis = Redis.from_url(REDIS)
    try:
        envelope = orjson.dumps({"origin": "another-instance", "message": {"added": [], "removed": []}})
        await redis.publish(f"{other}:{POLICY_CHANNEL}", envelope)  # the other deployment's change
        for _ in range(50):
            if heard[other]:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)
        assert heard[other] and not heard[ours]
    finally:
        await redis.aclose()
        for broker in brokers:
            await broker.stop()
