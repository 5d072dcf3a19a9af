"""Passwords (argon2), bearer tokens (JWT) and integrator API keys (shown once, stored as a hash)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
_ALGORITHM = "HS256"
_API_KEY_PREFIX = "clk"


class InvalidToken(Exception):
    """The token is malformed, forged or expired; `reason` says which, for the client."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# A hash to verify against when the user does not exist, so that both failures take the same time.
DUMMY_PASSWORD_HASH = _hasher.hash(secrets.token_urlsafe(16))


def issue_token(
    *, user_id: int, version: int, secret: str, ttl: timedelta, now: datetime | None = None
) -> tuple[str, datetime]:
    """A bearer token for the user; `version` is the user's token version, which signing out and a password change
    bump so that every earlier token is refused."""
    issued = now or datetime.now(UTC)
    expires = issued + ttl
    claims = {"sub": str(user_id), "ver": version, "iat": issued, "exp": expires}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM), expires


@dataclass(frozen=True, slots=True)
class TokenClaims:
    user_id: int
    version: int


def read_token(token: str, *, secret: str) -> TokenClaims:
    """The user and token version of a valid token (its user's current version is checked by the caller)."""
    user_id, version, expires = _verified(token, secret)
    if expires <= time.time():  # as PyJWT decides it, with no leeway
        raise InvalidToken("token expired")
    return TokenClaims(user_id, version)


@lru_cache(maxsize=4096)
def _verified(token: str, secret: str) -> tuple[int, int, int]:
    """A token's user and expiry, once its signature and claims have been checked. A client sends the same token with
    every request, and decoding it anew was a tenth of a planned read's CPU. Only valid tokens are kept (an exception
    is not cached); the expiry is checked on every use, by `read_token`."""
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM], options={"require": ["sub", "exp"]})
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("token expired") from exc
    except jwt.InvalidTokenError as exc:
        raise InvalidToken("invalid token") from exc
    try:
        return int(claims["sub"]), int(claims.get("ver", 0)), int(claims["exp"])  # as PyJWT compares it
    except (TypeError, ValueError) as exc:
        raise InvalidToken("invalid token") from exc


@dataclass(frozen=True, slots=True)
class NewApiKey:
    prefix: str
    secret_hash: str
    plaintext: str  # shown to the integrator once, never stored


def new_api_key() -> NewApiKey:
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return NewApiKey(prefix=prefix, secret_hash=_sha256(secret), plaintext=f"{_API_KEY_PREFIX}_{prefix}_{secret}")


def token_expiry(token: str) -> float | None:
    """When a token (already checked by `read_token`) expires, as a Unix time; None when it cannot be read."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
        return float(claims["exp"])
    except (jwt.InvalidTokenError, KeyError, TypeError, ValueError):
        return None


def is_api_key(credential: str) -> bool:
    return credential.startswith(f"{_API_KEY_PREFIX}_")


def split_api_key(credential: str) -> tuple[str, str] | None:
    """(prefix, secret) of a well-formed key. The secret is high-entropy, so a plain SHA-256 is a safe hash."""
    parts = credential.split("_", 2)
    if len(parts) != 3 or parts[0] != _API_KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def api_key_matches(secret: str, secret_hash: str) -> bool:
    return hmac.compare_digest(_sha256(secret), secret_hash)


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
