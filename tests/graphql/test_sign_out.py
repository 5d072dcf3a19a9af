"""Issue 15 (5): credentials end when what revokes them happens. A password change and `logout` move the user's
token version on; every request compares it, so every earlier token (and admin session) is refused at once."""

from __future__ import annotations

import uuid

from models import Agency, User
from permissions.credentials import hash_password
from tests.conftest import Api, error_codes

ME = "{ me { user { displayName } } }"  # a user without roles reads its public projection
CHANGE = """mutation($c: String!, $n: String!) { changePassword(current: $c, new: $n) {
  token errors { code field } } }"""
LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token errors { code } } }"


async def _person(password: str) -> str:
    name = f"signout_{uuid.uuid4().hex[:6]}"
    await User.create(username=name, display_name=name, agency=await Agency.get(code="南排河"),
                      password_hash=hash_password(password))  # fmt: skip
    return name


async def _token(api: Api, username: str, password: str) -> str | None:
    body = await api.query(LOGIN, {"u": username, "p": password})
    token: str | None = body["data"]["login"]["token"]
    return token


async def test_a_password_change_ends_every_earlier_token_and_returns_a_new_one(api: Api) -> None:
    name = await _person("first-password")
    old, other = await _token(api, name, "first-password"), await _token(api, name, "first-password")
    wrong = await api.query(CHANGE, {"c": "not-it", "n": "second-password"}, authorization=f"Bearer {old}")
    assert wrong["data"]["changePassword"]["errors"] == [{"code": "INVALID_CREDENTIALS", "field": "current"}]
    short = await api.query(CHANGE, {"c": "first-password", "n": "short"}, authorization=f"Bearer {old}")
    assert short["data"]["changePassword"]["errors"] == [{"code": "WEAK_PASSWORD", "field": "new"}]

    changed = await api.query(CHANGE, {"c": "first-password", "n": "second-password"}, authorization=f"Bearer {old}")
    fresh = changed["data"]["changePassword"]["token"]
    assert fresh and changed["data"]["changePassword"]["errors"] == []
    for stale in (old, other):
        assert error_codes(await api.query(ME, authorization=f"Bearer {stale}")) == ["UNAUTHENTICATED"]
    assert (await api.query(ME, authorization=f"Bearer {fresh}"))["data"]["me"]["user"]["displayName"] == name
    assert await _token(api, name, "first-password") is None
    assert await _token(api, name, "second-password")


async def test_logout_ends_every_token_of_the_user_at_once(api: Api) -> None:
    name = await _person("a-password-1")
    phone, desk = await _token(api, name, "a-password-1"), await _token(api, name, "a-password-1")
    body = await api.query("mutation { logout { signedOut errors { code } } }", authorization=f"Bearer {phone}")
    assert body["data"]["logout"] == {"signedOut": True, "errors": []}
    for token in (phone, desk):
        body = await api.query(ME, authorization=f"Bearer {token}")
        assert error_codes(body) == ["UNAUTHENTICATED"] and "signed out" in body["errors"][0]["message"]
    again = await _token(api, name, "a-password-1")
    assert (await api.query(ME, authorization=f"Bearer {again}"))["data"]["me"]["user"]["displayName"] == name


async def test_an_api_key_is_revoked_not_signed_out(api: Api) -> None:
    agency = (await api.data('{ agency(code: "南排河") { id } }', as_user="nph_admin"))["agency"]["id"]
    created = await api.data('mutation($a: ID!) { createApiKey(agency: $a, name: "签退") { secret } }', {"a": agency},
                             as_user="nph_admin")  # fmt: skip
    key = f"Bearer {created['createApiKey']['secret']}"
    body = await api.query("mutation { logout { signedOut errors { code } } }", authorization=key)
    assert body["data"]["logout"] == {"signedOut": False, "errors": [{"code": "NOT_A_PERSON"}]}
