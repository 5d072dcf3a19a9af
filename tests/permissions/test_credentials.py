"""Bearer tokens: a verified token is remembered (its signature is checked once), its expiry is not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import jwt
import pytest

from permissions import credentials
from permissions.credentials import InvalidToken, issue_token, read_token

SECRET = "a-secret-that-is-long-enough-for-hs256-tokens"


def test_a_remembered_token_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    token, expires = issue_token(version=0, user_id=7, secret=SECRET, ttl=timedelta(minutes=5))
    assert read_token(token, secret=SECRET).user_id == 7
    assert read_token(token, secret=SECRET).user_id == 7  # from memory
    monkeypatch.setattr(credentials, "time", SimpleNamespace(time=lambda: expires.timestamp()))
    with pytest.raises(InvalidToken, match="token expired"):
        read_token(token, secret=SECRET)


def test_a_token_is_remembered_per_secret_and_only_when_valid() -> None:
    token, _ = issue_token(version=0, user_id=8, secret=SECRET, ttl=timedelta(minutes=5))
    assert read_token(token, secret=SECRET).user_id == 8
    with pytest.raises(InvalidToken, match="invalid token"):
        read_token(token, secret=SECRET + "-rotated")
    forged = jwt.encode(
        {"sub": "8", "exp": datetime.now(UTC) + timedelta(minutes=5)}, "another-secret-of-32-bytes-or-more"
    )
    for _ in range(2):  # a refusal is not remembered as anything else
        with pytest.raises(InvalidToken, match="invalid token"):
            read_token(forged, secret=SECRET)
