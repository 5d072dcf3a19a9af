"""Signing in, bearer tokens and API keys: every bad credential gets a clear, typed error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt

from models import Agency, ApiKey, User
from models.enums import Role
from permissions.credentials import hash_password, issue_token, new_api_key
from tests.conftest import LOGIN, TEST_SECRET, Api, error_codes

ME = "{ me { user { username } agency { name } roles } }"


async def test_login_returns_a_token_that_identifies_the_officer(api: Api) -> None:
    data = await api.data(ME, as_user="nph_zhang")
    assert data["me"] == {
        "user": {"username": "nph_zhang"},
        "agency": {"name": "南排河镇人民政府"},
        "roles": ["OFFICER"],
    }


async def test_a_wrong_password_is_refused_in_the_payload(api: Api) -> None:
    body = await api.query(LOGIN, {"username": "nph_zhang", "password": "not-the-password"})
    payload = body["data"]["login"]
    assert payload["token"] is None
    assert payload["errors"] == [
        {"code": "INVALID_CREDENTIALS", "field": "password", "message": "wrong username or password"}
    ]


async def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(api: Api) -> None:
    body = await api.query(LOGIN, {"username": "nobody-at-all", "password": "whatever-it-is"})
    assert body["data"]["login"]["errors"][0]["code"] == "INVALID_CREDENTIALS"


async def test_a_deactivated_officer_cannot_log_in_nor_use_an_old_token(api: Api) -> None:
    agency = await Agency.get(code="南排河")
    user = await User.create(
        username="retired_officer", display_name="退休", agency=agency, password_hash=hash_password("old-password-1")
    )
    token, _ = issue_token(user_id=user.id, secret=TEST_SECRET, ttl=timedelta(hours=1))
    user.is_active = False
    await user.save()
    body = await api.query(LOGIN, {"username": "retired_officer", "password": "old-password-1"})
    assert body["data"]["login"]["errors"][0]["code"] == "INACTIVE_USER"
    body = await api.query(ME, authorization=f"Bearer {token}")
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_without_credentials_only_login_is_open(api: Api) -> None:
    for query in (ME, "{ cases { totalCount } }", "{ agencies { totalCount } }", '{ agency(code: "南排河") { name } }'):
        body = await api.query(query)
        assert error_codes(body) == ["UNAUTHENTICATED"], query
        assert body["data"] is None


async def test_an_expired_token_says_so(api: Api) -> None:
    user = await User.get(username="nph_zhang")
    issued = datetime.now(UTC) - timedelta(hours=10)
    token, _ = issue_token(user_id=user.id, secret=TEST_SECRET, ttl=timedelta(hours=1), now=issued)
    body = await api.query(ME, authorization=f"Bearer {token}")
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["errors"][0]["message"] == "token expired"


async def test_a_forged_or_malformed_token_is_refused(api: Api) -> None:
    forged = jwt.encode(
        {"sub": "1", "exp": datetime.now(UTC) + timedelta(hours=1)}, "another-secret-that-is-long-enough"
    )
    for header in (f"Bearer {forged}", "Bearer not.a.jwt", "Basic dXNlcjpwYXNz", "Bearer "):
        body = await api.query(ME, authorization=header)
        assert error_codes(body) == ["UNAUTHENTICATED"], header


async def test_an_api_key_authenticates_an_integrator_until_revoked(api: Api) -> None:
    agency = await Agency.get(code="南排河")
    key = new_api_key()
    row = await ApiKey.create(
        name="指挥平台", agency=agency, role=Role.INTEGRATOR, prefix=key.prefix, key_hash=key.secret_hash
    )
    body = await api.query(
        "{ me { apiKey { name } agency { code } roles user { username } } }", authorization=f"Bearer {key.plaintext}"
    )
    assert body["data"]["me"] == {
        "apiKey": {"name": "指挥平台"},
        "agency": {"code": "南排河"},
        "roles": ["INTEGRATOR"],
        "user": None,
    }
    assert (await ApiKey.get(id=row.id)).last_used_at is not None
    wrong = key.plaintext[:-2] + ("aa" if not key.plaintext.endswith("aa") else "bb")
    assert error_codes(await api.query(ME, authorization=f"Bearer {wrong}")) == ["UNAUTHENTICATED"]
    row.revoked_at = datetime.now(UTC)
    await row.save()
    body = await api.query(ME, authorization=f"Bearer {key.plaintext}")
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["errors"][0]["message"] == "API key revoked"


async def test_passwords_are_stored_as_argon2_hashes() -> None:
    user = await User.get(username="nph_zhang")
    assert user.password_hash.startswith("$argon2")
