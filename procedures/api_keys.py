"""Integrators' API keys: created for one agency and role (the secret shown once), and revoked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import Agency, ApiKey
from models.enums import Role
from permissions.credentials import new_api_key
from permissions.defaults import COUNTY_WIDE_ROLES
from permissions.principal import Principal, key_subject
from permissions.roles import delete_lines, role_line, store_lines
from procedures.access import require, require_on
from procedures.policies import PolicyError, announce


@dataclass(frozen=True, slots=True)
class IssuedKey:
    key: ApiKey
    secret: str  # the only time the plaintext exists outside the integrator's hands


async def create_api_key(actor: Principal | None, *, agency_id: int, name: str, role: Role) -> IssuedKey:
    name = name.strip()
    if not name:
        raise PolicyError("INVALID_NAME", "a key needs a name", field="name")
    if role in COUNTY_WIDE_ROLES:
        raise PolicyError("WRONG_DOMAIN", f"an API key cannot hold {role.value}", field="role")
    if not await Agency.exists(id=agency_id):
        raise PolicyError("UNKNOWN_AGENCY", f"no agency has the ID {agency_id}", field="agency")
    if actor is not None:
        await require(actor, "manage", "api_key", agency_id)
    issued = new_api_key()
    async with in_transaction() as connection:
        key = await ApiKey.create(
            name=name, agency_id=agency_id, prefix=issued.prefix, key_hash=issued.secret_hash, using_db=connection
        )
        added = await store_lines([role_line(key_subject(key.id), role, agency_id)], using_db=connection)
        await record_event(
            type="api_key.created", subject_type="api_key", subject_id=key.id, audience=[agency_id],
            actor_id=actor.user_id if actor else None, agency_id=actor.agency_id if actor else None,
            payload={"name": name, "role": role.value, "prefix": issued.prefix}, using_db=connection,
        )  # fmt: skip
    await announce(added=added)
    return IssuedKey(key=key, secret=issued.plaintext)


async def revoke_api_key(actor: Principal | None, *, key_id: int) -> ApiKey:
    key = await ApiKey.get_or_none(id=key_id)
    if key is None:
        raise PolicyError("UNKNOWN_KEY", f"no API key has the ID {key_id}", field="key")
    if actor is not None:
        missing = PolicyError("UNKNOWN_KEY", f"no API key has the ID {key_id}", field="key")
        await require_on(actor, "manage", "api_key", key.agency_id, record=key, resource="api_key", missing=missing)
    if key.revoked_at is not None:
        raise PolicyError("ALREADY_REVOKED", "the key is already revoked", field="key")
    lines = [role_line(key_subject(key.id), role, key.agency_id) for role in Role if role not in COUNTY_WIDE_ROLES]
    async with in_transaction() as connection:
        key.revoked_at = datetime.now(UTC)
        await key.save(update_fields=["revoked_at", "updated_at"], using_db=connection)
        removed = await delete_lines(lines, using_db=connection)
        await record_event(
            type="api_key.revoked", subject_type="api_key", subject_id=key.id, audience=[key.agency_id],
            actor_id=actor.user_id if actor else None, agency_id=actor.agency_id if actor else None,
            payload={"prefix": key.prefix}, using_db=connection,
        )  # fmt: skip
    await announce(removed=removed)
    return key
