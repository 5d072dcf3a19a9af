"""Creating officers and granting their roles: shared by the command line, the seeds and the admin."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import Agency, User
from models.enums import Role
from permissions.credentials import hash_password
from permissions.defaults import COUNTY_WIDE_ROLES
from permissions.principal import Principal, user_subject
from permissions.roles import role_line, store_lines
from procedures.access import require
from procedures.policies import announce


class PeopleError(Exception):
    """A user cannot be created as asked; the message says why."""


async def create_user(
    *,
    username: str,
    agency_code: str,
    role: Role,
    password: str,
    display_name: str | None = None,
    certificate_no: str | None = None,
    phone: str = "",
) -> User:
    """Add a user as the system (the command line, the seeds)."""
    return await add_user(None, username=username, agency_code=agency_code, role=role, password=password,
                          display_name=display_name, certificate_no=certificate_no, phone=phone)  # fmt: skip


async def add_user(
    actor: Principal | None,
    *,
    username: str,
    agency_code: str,
    role: Role,
    password: str,
    display_name: str | None = None,
    certificate_no: str | None = None,
    phone: str = "",
) -> User:
    """`actor` is the administrator who adds the user (None: the system). The first role is a policy change like any
    other: a county-wide role needs a policy manager of the whole county."""
    username = username.strip()
    if not username:
        raise PeopleError("the username must not be empty")
    if len(password) < 8:
        raise PeopleError("the password must have at least 8 characters")
    agency = await Agency.get_or_none(code=agency_code)
    if agency is None:
        raise PeopleError(f"no agency has the code {agency_code!r}")
    if actor is not None:
        await require(actor, "manage", "user", agency.id)
        await require(actor, "manage", "policy", None if role in COUNTY_WIDE_ROLES else agency.id)
    if await User.exists(username=username):
        raise PeopleError(f"the username {username!r} is taken")
    async with in_transaction() as connection:
        user = await User.create(
            username=username,
            display_name=display_name or username,
            agency=agency,
            password_hash=hash_password(password),
            certificate_no=certificate_no,
            phone=phone,
            using_db=connection,
        )
        domain = None if role in COUNTY_WIDE_ROLES else agency.id
        added = await store_lines([role_line(user_subject(user.id), role, domain)], using_db=connection)
        await record_event(
            type="user.created", subject_type="user", subject_id=user.id, audience=[agency.id],
            actor_id=actor.user_id if actor else None, agency_id=actor.agency_id if actor else None,
            payload={"username": username, "role": role.value}, using_db=connection,
        )  # fmt: skip
    await announce(added=added)
    return user
