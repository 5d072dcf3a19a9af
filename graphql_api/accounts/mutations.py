"""Signing in."""

from __future__ import annotations

import strawberry

from graphql_api.accounts.types import LoginError, LoginErrorCode, LoginPayload, LogoutPayload
from graphql_api.context import Info
from models import User
from permissions.credentials import issue_token
from procedures.accounts import AccountError, LoginFailure, authenticate, change_password, sign_out_everywhere

_MESSAGES = {
    LoginFailure.INVALID_CREDENTIALS: "wrong username or password",
    LoginFailure.INACTIVE_USER: "this account is deactivated",
}


@strawberry.type
class AccountMutation:
    @strawberry.mutation(description="Exchange a username and password for a bearer token. Public.")
    async def login(self, info: Info, username: str, password: str) -> LoginPayload:
        result = await authenticate(username, password)
        if result.user is None:
            failure = result.failure or LoginFailure.INVALID_CREDENTIALS
            error = LoginError(code=LoginErrorCode(failure.value), field="password", message=_MESSAGES[failure])
            return LoginPayload(token=None, expires_at=None, user=None, errors=[error])
        return _signed_in(info, result.user, result.user.token_version)

    @strawberry.mutation(
        description="Sign out everywhere: every token and admin session of the signed-in user ends at once "
        "(the next request with one is UNAUTHENTICATED). Requires a person's sign-in, not an API key."
    )
    async def logout(self, info: Info) -> LogoutPayload:
        try:
            await sign_out_everywhere(info.context.require_principal())
        except AccountError as exc:
            return LogoutPayload(signed_out=False, errors=[_error(exc)])
        return LogoutPayload(signed_out=True, errors=[])

    @strawberry.mutation(
        description="Change one's own password (8 to 128 characters); every earlier token and admin session ends, "
        "and a new token is returned for this client. Requires a person's sign-in."
    )
    async def change_password(self, info: Info, current: str, new: str) -> LoginPayload:
        try:
            user, version = await change_password(info.context.require_principal(), current=current, new=new)
        except AccountError as exc:
            return LoginPayload(token=None, expires_at=None, user=None, errors=[_error(exc)])
        return _signed_in(info, user, version)


def _signed_in(info: Info, user: User, version: int) -> LoginPayload:
    config = info.context.config
    token, expires = issue_token(user_id=user.id, version=version, secret=config.secret_key, ttl=config.token_ttl)
    return LoginPayload(token=token, expires_at=expires, user=user, errors=[])  # type: ignore[arg-type]


def _error(exc: AccountError) -> LoginError:
    return LoginError(code=LoginErrorCode(exc.code.lower()), field=exc.field, message=str(exc))
