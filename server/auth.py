"""Turns the credentials of a request (a bearer JWT or an integrator API key) into a principal."""

from __future__ import annotations

from permissions.credentials import InvalidToken, is_api_key, read_token
from permissions.principal import Principal
from procedures.accounts import principal_for_api_key, principal_for_user


async def authenticate(authorization: str | None, *, secret: str) -> tuple[Principal | None, str | None]:
    """(principal, None) when the credentials are good, (None, reason) when they are bad, (None, None) when absent."""
    if not authorization:
        return None, None
    scheme, _, credential = authorization.partition(" ")
    credential = credential.strip()
    if scheme.lower() != "bearer" or not credential:
        return None, "the Authorization header must be 'Bearer <token or API key>'"
    try:
        if is_api_key(credential):
            return await principal_for_api_key(credential), None
        claims = read_token(credential, secret=secret)
        return await principal_for_user(claims.user_id, claims.version), None
    except InvalidToken as exc:
        return None, exc.reason
