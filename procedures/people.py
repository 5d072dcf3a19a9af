"""Creating officers and granting their roles: shared by the command line, the seeds and the admin."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import Agency, User
from models.enums import Role
from permissions.credentials import hash_password
from permissions.roles import grant_role


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
    username = username.strip()
    if not username:
        raise PeopleError("the username must not be empty")
    if len(password) < 8:
        raise PeopleError("the password must have at least 8 characters")
    agency = await Agency.get_or_none(code=agency_code)
    if agency is None:
        raise PeopleError(f"no agency has the code {agency_code!r}")
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
        await grant_role(user.id, role, agency.id, using_db=connection)
    return user
