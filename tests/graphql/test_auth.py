"""Signing in, bearer tokens and API keys: every bad credential gets a clear, typed error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt

from models import Agency, ApiKey, User
from permissions.credentials import hash_password, issue_token
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
    token, _ = issue_token(version=0, user_id=user.id, secret=TEST_SECRET, ttl=timedelta(hours=1))
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
    token, _ = issue_token(version=0, user_id=user.id, secret=TEST_SECRET, ttl=timedelta(hours=1), now=issued)
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


CREATE_KEY = """
mutation($agency: ID!, $name: String!) {
  createApiKey(agency: $agency, name: $name) { secret apiKey { id name prefix roles } errors { code field message } }
}
"""
REVOKE_KEY = "mutation($key: ID!) { revokeApiKey(key: $key) { apiKey { revokedAt } errors { code } } }"


async def _agency_id(api: Api, code: str) -> str:
    data = await api.data("query($c: String!) { agency(code: $c) { id } }", {"c": code}, as_user="nph_admin")
    return str(data["agency"]["id"])


async def test_an_api_key_is_shown_once_and_authenticates_an_integrator_until_revoked(api: Api) -> None:
    agency = await _agency_id(api, "南排河")
    created = (await api.data(CREATE_KEY, {"agency": agency, "name": "指挥平台"}, as_user="nph_admin"))["createApiKey"]
    assert created["errors"] == [] and created["apiKey"]["roles"] == ["INTEGRATOR"]
    secret = created["secret"]
    stored = await ApiKey.get(prefix=created["apiKey"]["prefix"])
    assert secret not in stored.key_hash and stored.key_hash != secret
    listed = await api.data("{ apiKeys { edges { node { prefix } } } }", as_user="nph_admin")
    assert "secret" not in str(listed)
    body = await api.query(
        "{ me { apiKey { name } agency { code } roles user { username } } }", authorization=f"Bearer {secret}"
    )
    assert body["data"]["me"] == {
        "apiKey": None,  # the integrator role does not read the agency's keys (api_key:read), its own included
        "agency": {"code": "南排河"},
        "roles": ["INTEGRATOR"],
        "user": None,
    }
    first_use = (await ApiKey.get(id=stored.id)).last_used_at
    assert first_use is not None
    await api.query(ME, authorization=f"Bearer {secret}")
    assert (await ApiKey.get(id=stored.id)).last_used_at == first_use, "within a minute of the last: not written"
    wrong = secret[:-2] + ("aa" if not secret.endswith("aa") else "bb")
    assert error_codes(await api.query(ME, authorization=f"Bearer {wrong}")) == ["UNAUTHENTICATED"]
    revoked = (await api.data(REVOKE_KEY, {"key": created["apiKey"]["id"]}, as_user="nph_admin"))["revokeApiKey"]
    assert revoked["errors"] == [] and revoked["apiKey"]["revokedAt"]
    body = await api.query(ME, authorization=f"Bearer {secret}")
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["errors"][0]["message"] == "API key revoked"


async def test_an_agency_admin_cannot_issue_keys_for_another_agency(api: Api) -> None:
    market = await _agency_id(api, "黄骅市监")
    body = await api.query(CREATE_KEY, {"agency": market, "name": "越权"}, as_user="nph_admin")
    assert error_codes(body) == ["FORBIDDEN"]
    assert not await ApiKey.filter(name="越权").exists()
    body = await api.query(CREATE_KEY, {"agency": market, "name": "越权"}, as_user="nph_zhang")
    assert error_codes(body) == ["FORBIDDEN"]


async def test_passwords_are_stored_as_argon2_hashes() -> None:
    user = await User.get(username="nph_zhang")
    assert user.password_hash.startswith("$argon2")


async def test_a_request_the_planned_path_leaves_looks_its_credentials_up_once(api: Api) -> None:
    """`me` is not planned: the planned path tries it first, then Strawberry runs it with a context of its own; both
    take the request's one authentication."""
    from tests.conftest import count_statements

    await api.token("nph_zhang")  # signed in before: the login's statements are not the mutation's
    with count_statements() as statements:
        body = await api.query(ME, as_user="nph_zhang")
    assert body["data"]["me"]["user"] == {"username": "nph_zhang"}
    lookups = [s for s in statements if 'FROM "user" WHERE id' in s]
    assert len(lookups) == 1, lookups
