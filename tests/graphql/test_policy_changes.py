"""Administrators change who may do what as data; the change holds at the next request, with an event."""

from __future__ import annotations

from datetime import timedelta

import pytest

from graphql_api.context import ApiConfig, Context
from graphql_api.errors import Forbidden
from models import Event, PolicyRule, User
from permissions.principal import Principal, user_subject
from tests.conftest import TEST_SECRET, Api, error_codes
from tests.graphql.matrix_world import gid

GRANT = """mutation($u: ID!, $role: Role!, $a: ID) {
  grantRole(user: $u, role: $role, agency: $a) { user { username roles } errors { code field message } } }"""
REVOKE = """mutation($u: ID!, $role: Role!, $a: ID) {
  revokeRole(user: $u, role: $role, agency: $a) { user { username roles } errors { code field message } } }"""
PERMISSION = """mutation($role: Role!, $o: String!, $act: String!, $allow: Boolean!, $a: ID) {
  setPermission(role: $role, object: $o, action: $act, allow: $allow, agency: $a) { role errors { code field } } }"""


async def _ids(username: str) -> tuple[str, str]:
    """The global IDs of a user and of its agency."""
    user = await User.get(username=username)
    return gid("User", user.id), gid("Agency", user.agency_id)


async def test_an_agency_admin_grants_and_revokes_a_role_in_its_agency(api: Api) -> None:
    _, agency = await _ids("nph_li")
    assert error_codes(await api.query("{ transfers { totalCount } }", as_user="nph_registrar")) == ["FORBIDDEN"]
    registrar, _ = await _ids("nph_registrar")
    granted = (await api.data(GRANT, {"u": registrar, "role": "OFFICER", "a": agency}, as_user="nph_admin"))[
        "grantRole"
    ]
    assert granted["errors"] == [] and set(granted["user"]["roles"]) == {"REGISTRAR", "OFFICER"}
    assert error_codes(await api.query("{ transfers { totalCount } }", as_user="nph_registrar")) == []
    event = await Event.filter(type="policy.role_granted").order_by("-id").first()
    assert event is not None and event.payload["role"] == "officer"
    revoked = await api.data(REVOKE, {"u": registrar, "role": "OFFICER", "a": agency}, as_user="nph_admin")
    assert revoked["revokeRole"]["errors"] == []
    assert error_codes(await api.query("{ transfers { totalCount } }", as_user="nph_registrar")) == ["FORBIDDEN"]
    again = await api.data(REVOKE, {"u": registrar, "role": "OFFICER", "a": agency}, as_user="nph_admin")
    assert again["revokeRole"]["errors"][0]["code"] == "NOT_GRANTED"


async def test_an_agency_admin_cannot_grant_elsewhere_nor_county_wide_and_the_attempt_is_audited(api: Api) -> None:
    target, _ = await _ids("nph_li")
    _, market = await _ids("scj_liu")
    before = await Event.filter(type="access.denied").count()
    body = await api.query(GRANT, {"u": target, "role": "OFFICER", "a": market}, as_user="nph_admin")
    assert error_codes(body) == ["FORBIDDEN"]
    body = await api.query(GRANT, {"u": target, "role": "SUPERVISOR", "a": None}, as_user="nph_admin")
    assert error_codes(body) == ["FORBIDDEN"]
    assert await Event.filter(type="access.denied").count() == before + 2
    lines = await PolicyRule.filter(v0=user_subject((await User.get(username="nph_li")).id)).count()
    assert lines == 1, "nothing was written"


async def test_bad_grants_are_explained_in_the_payload(api: Api) -> None:
    target, nph = await _ids("nph_li")
    body = await api.data(GRANT, {"u": target, "role": "SUPERVISOR", "a": nph}, as_user="admin")
    assert body["grantRole"]["errors"][0]["code"] == "WRONG_DOMAIN"
    body = await api.data(GRANT, {"u": target, "role": "OFFICER", "a": nph}, as_user="admin")
    assert body["grantRole"]["errors"][0]["code"] == "ALREADY_GRANTED"
    body = await api.data(GRANT, {"u": gid("User", 999_999), "role": "OFFICER", "a": nph}, as_user="admin")
    assert body["grantRole"]["errors"][0] == {
        "code": "UNKNOWN_USER",
        "field": "user",
        "message": "no user has the ID 999999",
    }
    body = await api.query(GRANT, {"u": nph, "role": "OFFICER", "a": nph}, as_user="admin")
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_permissions_are_validated_and_only_county_wide_managers_change_templates(api: Api) -> None:
    _, nph = await _ids("nph_li")
    # An agency admin adds a permission for its own agency; the county-wide templates are not its to change.
    assert (await api.data(PERMISSION, {"role": "OFFICER", "o": "statistics", "act": "read", "allow": True, "a": nph},
                           as_user="nph_admin"))["setPermission"]["errors"] == []  # fmt: skip
    body = await api.data(PERMISSION, {"role": "OFFICER", "o": "statistics", "act": "read", "allow": True, "a": nph},
                          as_user="nph_admin")  # fmt: skip
    assert body["setPermission"]["errors"] == [{"code": "UNCHANGED", "field": "action"}]
    body = await api.data(PERMISSION, {"role": "OFFICER", "o": "nonsense", "act": "read", "allow": True, "a": nph},
                          as_user="admin")  # fmt: skip
    assert body["setPermission"]["errors"] == [{"code": "UNKNOWN_PERMISSION", "field": "action"}]
    body = await api.query(PERMISSION, {"role": "OFFICER", "o": "case", "act": "read", "allow": False, "a": None},
                           as_user="nph_admin")  # fmt: skip
    assert error_codes(body) == ["FORBIDDEN"], "only a county-wide manager changes the templates"


async def test_a_long_lived_context_decides_again_after_a_policy_change(api: Api) -> None:
    """A websocket's context lives as long as the connection: the scopes it caches must not outlive a change."""
    registrar = await User.get(username="nph_registrar")
    principal = Principal(subject=user_subject(registrar.id), agency_id=registrar.agency_id, user_id=registrar.id)
    context = Context(config=ApiConfig(secret_key=TEST_SECRET, token_ttl=timedelta(hours=1)), principal=principal)
    with pytest.raises(Forbidden):
        await context.read_scope("transfer")
    user, agency = await _ids("nph_registrar")
    await api.data(GRANT, {"u": user, "role": "OFFICER", "a": agency}, as_user="nph_admin")
    assert registrar.agency_id in (await context.read_scope("transfer")).agency_ids
    await api.data(REVOKE, {"u": user, "role": "OFFICER", "a": agency}, as_user="nph_admin")
    with pytest.raises(Forbidden):
        await context.read_scope("transfer")
