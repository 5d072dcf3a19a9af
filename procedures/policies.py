"""Changing who may do what: grant and revoke roles, add and remove permissions.

Each change writes its policy lines and an event in one transaction, then reaches every instance through the broker
(the instance that made it applies it at once), so no restart is needed anywhere.
"""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from events.broker import get_broker
from events.outbox import record_event
from models import Agency, User
from models.enums import Role
from permissions.authorizer import authorizer
from permissions.catalog import ANY, is_known
from permissions.defaults import COUNTY_WIDE_ROLES
from permissions.principal import Principal, user_subject
from permissions.roles import Line, delete_lines, permission_line, role_line, store_lines
from procedures.access import AccessDenied, require

POLICY_CHANNEL = "policy"


class PolicyError(Exception):
    """The change cannot be made as asked; `code` and `field` say why, for the form."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


async def apply_policy_message(message: dict[str, Any]) -> None:
    """The broker handler every instance runs: a change was made somewhere, so read the table again. The message is
    only a hint, never applied as it is: what is in force is what this deployment's table says."""
    await authorizer.refresh_if_changed()


async def announce(*, added: list[Line] = [], removed: list[Line] = []) -> None:  # noqa: B006 - never mutated
    """After the commit: read the policy again here at once, and tell every other instance to (the lines go along
    for the audit of what was said, not to be applied)."""
    if added or removed:
        await authorizer.refresh_if_changed()
        await get_broker().publish(POLICY_CHANNEL, {"added": added, "removed": removed})


async def _require_policy_manager(actor: Principal | None, agency_id: int | None, *, county_wide: bool) -> None:
    """Only a policy manager of the agency may change its lines; county-wide lines need one of the whole county."""
    if actor is None:  # the command line and the seeds act as the system
        return
    await require(actor, "manage", "policy", None if county_wide or agency_id is None else agency_id)


async def _target(user_id: int, agency_id: int | None) -> tuple[User, Agency | None]:
    user = await User.get_or_none(id=user_id)
    if user is None:
        raise PolicyError("UNKNOWN_USER", f"no user has the ID {user_id}", field="user")
    agency = None
    if agency_id is not None:
        agency = await Agency.get_or_none(id=agency_id)
        if agency is None:
            raise PolicyError("UNKNOWN_AGENCY", f"no agency has the ID {agency_id}", field="agency")
    return user, agency


async def grant_role(actor: Principal | None, *, user_id: int, role: Role, agency_id: int | None) -> User:
    """Grant `role` to a user in an agency (None: the whole county, for supervisors and system administrators)."""
    county_wide = role in COUNTY_WIDE_ROLES
    if county_wide != (agency_id is None):
        raise PolicyError(
            "WRONG_DOMAIN",
            f"{role.value} is held {'across the county' if county_wide else 'in one agency'}",
            field="agency",
        )
    user, _ = await _target(user_id, agency_id)
    await _require_policy_manager(actor, agency_id, county_wide=county_wide)
    line = role_line(user_subject(user.id), role, agency_id)
    async with in_transaction() as connection:
        added = await store_lines([line], using_db=connection)
        if not added:
            raise PolicyError("ALREADY_GRANTED", f"the user already holds {role.value} there", field="role")
        await record_event(
            type="policy.role_granted", subject_type="user", subject_id=user.id, audience=[user.agency_id],
            actor_id=actor.user_id if actor else None, agency_id=actor.agency_id if actor else None,
            payload={"role": role.value, "agency_id": agency_id}, using_db=connection,
        )  # fmt: skip
    await announce(added=added)
    return user


async def revoke_role(actor: Principal | None, *, user_id: int, role: Role, agency_id: int | None) -> User:
    user, _ = await _target(user_id, agency_id)
    await _require_policy_manager(actor, agency_id, county_wide=agency_id is None)
    line = role_line(user_subject(user.id), role, agency_id)
    async with in_transaction() as connection:
        removed = await delete_lines([line], using_db=connection)
        if not removed:
            raise PolicyError("NOT_GRANTED", f"the user does not hold {role.value} there", field="role")
        await record_event(
            type="policy.role_revoked", subject_type="user", subject_id=user.id, audience=[user.agency_id],
            actor_id=actor.user_id if actor else None, agency_id=actor.agency_id if actor else None,
            payload={"role": role.value, "agency_id": agency_id}, using_db=connection,
        )  # fmt: skip
    await announce(removed=removed)
    return user


async def change_permission(
    actor: Principal | None, *, role: Role, agency_id: int | None, obj: str, action: str, allow: bool
) -> Line:
    """Allow (or stop allowing) `role` to do `action` on `obj` in an agency, or wherever it is held (None)."""
    if not is_known(obj, action):
        raise PolicyError("UNKNOWN_PERMISSION", f"{obj}:{action} is not a permission CaseLink knows", field="action")
    if agency_id is not None and not await Agency.exists(id=agency_id):
        raise PolicyError("UNKNOWN_AGENCY", f"no agency has the ID {agency_id}", field="agency")
    await _require_policy_manager(actor, agency_id, county_wide=agency_id is None or obj == ANY)
    line = permission_line(role, agency_id, obj, action)
    async with in_transaction() as connection:
        changed = await (store_lines if allow else delete_lines)([line], using_db=connection)
        if not changed:
            raise PolicyError("UNCHANGED", "the policy already says so", field="action")
        await record_event(
            type="policy.permission_added" if allow else "policy.permission_removed", subject_type="policy",
            subject_id=0, audience=[agency_id] if agency_id else [], actor_id=actor.user_id if actor else None,
            agency_id=actor.agency_id if actor else None,
            payload={"role": role.value, "agency_id": agency_id, "object": obj, "action": action},
            using_db=connection,
        )  # fmt: skip
    await announce(added=changed) if allow else await announce(removed=changed)
    return line


__all__ = ["AccessDenied", "PolicyError", "announce", "change_permission", "grant_role", "revoke_role"]
