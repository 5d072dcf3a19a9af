"""Signing in."""

from __future__ import annotations

import strawberry

from graphql_api.accounts.types import LoginError, LoginErrorCode, LoginPayload
from graphql_api.context import Info
from permissions.credentials import issue_token
from procedures.accounts import LoginFailure, authenticate

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
        config = info.context.config
        token, expires = issue_token(user_id=result.user.id, secret=config.secret_key, ttl=config.token_ttl)
        return LoginPayload(token=token, expires_at=expires, user=result.user, errors=[])  # type: ignore[arg-type]
