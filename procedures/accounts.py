"""Signing in, and resolving credentials into a principal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import ApiKey, User
from permissions.credentials import (
    DUMMY_PASSWORD_HASH,
    InvalidToken,
    api_key_matches,
    hash_password,
    split_api_key,
    verify_password,
)
from permissions.principal import Principal, key_subject, user_subject


class LoginFailure(StrEnum):
    INVALID_CREDENTIALS = "invalid_credentials"
    INACTIVE_USER = "inactive_user"


@dataclass(frozen=True, slots=True)
class LoginResult:
    user: User | None
    failure: LoginFailure | None


async def authenticate(username: str, password: str) -> LoginResult:
    user = await User.get_or_none(username=username)
    # Verify against a dummy hash when the user is unknown, so that timing does not tell which usernames exist.
    valid = verify_password(user.password_hash if user else DUMMY_PASSWORD_HASH, password)
    if user is None or not valid:
        return LoginResult(user=None, failure=LoginFailure.INVALID_CREDENTIALS)
    if not user.is_active:
        return LoginResult(user=None, failure=LoginFailure.INACTIVE_USER)
    return LoginResult(user=user, failure=None)


async def principal_for_user(user_id: int, version: int | None = None) -> Principal:
    """The principal of a token's user; refused when the user is gone or deactivated since the token was issued, or
    signed out or changed the password since (`version`, the token's, is no longer the user's).

    Every request asks this, so it is one fixed statement rather than an ORM query: Tortoise built the query anew
    each time, 0.17 ms of CPU of a planned read's 0.9 ms."""
    connection = connections.get("default")
    rows = await connection.execute_query_dict(_USER_SQL[connection.capabilities.dialect == "postgres"], [user_id])
    if not rows or not rows[0]["is_active"]:
        raise InvalidToken("user is inactive or no longer exists")
    user = rows[0]
    if version is not None and int(user["token_version"]) != version:
        raise InvalidToken("signed out: sign in again")
    return Principal(
        subject=user_subject(user_id), agency_id=user["agency_id"], user_id=user_id, username=user["username"]
    )


_USER_SQL = {
    postgres: f'SELECT agency_id, username, is_active, token_version FROM "{User._meta.db_table}" WHERE id = '
    + ("$1" if postgres else "?")
    for postgres in (False, True)
}


LAST_USED_PRECISION = timedelta(minutes=1)  # how stale an API key's `last_used_at` may be


async def principal_for_api_key(credential: str) -> Principal:
    parts = split_api_key(credential)
    if parts is None:
        raise InvalidToken("malformed API key")
    prefix, secret = parts
    key = await ApiKey.get_or_none(prefix=prefix)
    if key is None or not api_key_matches(secret, key.key_hash):
        raise InvalidToken("unknown API key")
    if key.revoked_at is not None:
        raise InvalidToken("API key revoked")
    now = datetime.now(UTC)
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_PRECISION:
        # Not a write per request: thousands of sockets of one key would queue on it (SQLite has one writer).
        await ApiKey.filter(id=key.id).update(last_used_at=now)
    return Principal(subject=key_subject(key.id), agency_id=key.agency_id, api_key_id=key.id, username=key.name)


MIN_PASSWORD, MAX_PASSWORD = 8, 128


class AccountError(Exception):
    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


async def sign_out_everywhere(principal: Principal) -> int:
    """End every token and admin session of the principal's user (logout): its token version moves on, which every
    request compares (`principal_for_user`). Returns the new version."""
    if principal.user_id is None:
        raise AccountError("NOT_A_PERSON", "an API key is revoked, not signed out")
    async with in_transaction() as connection:
        version = await _bump(principal.user_id, connection)
        await record_event(
            type="account.signed_out", subject_type="user", subject_id=principal.user_id,
            audience=[principal.agency_id], actor_id=principal.user_id, agency_id=principal.agency_id,
            using_db=connection,
        )  # fmt: skip
    return version


async def change_password(principal: Principal, *, current: str, new: str) -> tuple[User, int]:
    """The user's own password: the current one proves it is them; every earlier token and session ends."""
    if principal.user_id is None:
        raise AccountError("NOT_A_PERSON", "an API key has no password")
    user = await User.get(id=principal.user_id)
    if not verify_password(user.password_hash, current):
        raise AccountError("INVALID_CREDENTIALS", "the current password is wrong", field="current")
    if not MIN_PASSWORD <= len(new) <= MAX_PASSWORD:
        raise AccountError("WEAK_PASSWORD", f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters",
                           field="new")  # fmt: skip
    if new == current:
        raise AccountError("WEAK_PASSWORD", "choose a password other than the current one", field="new")
    async with in_transaction() as connection:
        await User.filter(id=user.id).using_db(connection).update(password_hash=hash_password(new))
        version = await _bump(user.id, connection)
        await record_event(
            type="account.password_changed", subject_type="user", subject_id=user.id, audience=[user.agency_id],
            actor_id=user.id, agency_id=user.agency_id, using_db=connection,
        )  # fmt: skip
    return user, version


async def _bump(user_id: int, connection: BaseDBAsyncClient) -> int:
    await User.filter(id=user_id).using_db(connection).update(token_version=F("token_version") + 1)
    rows = await User.filter(id=user_id).using_db(connection).values("token_version")
    return int(rows[0]["token_version"])
