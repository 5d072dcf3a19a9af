"""Signing in to the admin: the same users and password hashes as the API, a session signed with the server secret.

Who may enter is the Authorizer's answer, not ours: a principal that may manage people somewhere (a system
administrator everywhere, an agency administrator in its agency) is let in; anyone else is refused.
"""

from __future__ import annotations

import contextlib
from typing import ClassVar

from sqladmin import BaseView
from sqladmin.authentication import AuthenticationBackend
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from permissions.authorizer import authorizer
from permissions.credentials import InvalidToken
from permissions.principal import Principal
from procedures.accounts import authenticate, principal_for_user, sign_out_everywhere

SESSION_COOKIE = "caselink_admin"
_PRINCIPAL = "caselink_principal"


def may_administer(principal: Principal) -> bool:
    return not authorizer.scope(principal, "manage", "user").empty


class GuardedPage(BaseView):
    """A page of the admin's own (not a model's list) that one permission governs: in every agency when
    `county_wide`, else in at least one. Hidden from the menu where it is refused."""

    permission: ClassVar[tuple[str, str]]
    county_wide: ClassVar[bool] = False

    def is_accessible(self, request: Request) -> bool:
        principal = getattr(request.state, _PRINCIPAL, None)
        if not isinstance(principal, Principal):
            return False
        scope = authorizer.scope(principal, *self.permission)
        return scope.everything if self.county_wide else not scope.empty

    def is_visible(self, request: Request) -> bool:
        return self.is_accessible(request)


def principal_of(request: Request) -> Principal:
    """The signed-in administrator of a request that passed `authenticate`."""
    principal = getattr(request.state, _PRINCIPAL, None)
    assert isinstance(principal, Principal), "the admin's views run only after authentication"
    return principal


class AdminAuth(AuthenticationBackend):
    async def login(self, request: Request) -> bool:
        form = await request.form()
        result = await authenticate(str(form.get("username", "")), str(form.get("password", "")))
        if result.user is None:
            return False
        principal = await principal_for_user(result.user.id)
        if not may_administer(principal):
            return False
        csrf = request.session.get("csrf")
        request.session.clear()  # a new session at each sign-in: no fixation
        request.session.update(
            {"user_id": result.user.id, "version": result.user.token_version, **({"csrf": csrf} if csrf else {})}
        )
        return True

    async def logout(self, request: Request) -> bool:
        """Ends the session on the server too: the user's token version moves on, so a copy of this cookie (or of
        any token of the user's) is refused from now on."""
        user_id, version = request.session.get("user_id"), request.session.get("version")
        request.session.clear()
        if isinstance(user_id, int) and isinstance(version, int):
            with contextlib.suppress(InvalidToken):  # already ended elsewhere: nothing more to end
                await sign_out_everywhere(await principal_for_user(user_id, version))
        return True

    async def authenticate(self, request: Request) -> Response | bool:
        user_id, version = request.session.get("user_id"), request.session.get("version")
        if not isinstance(user_id, int) or not isinstance(version, int):
            return False
        try:
            principal = await principal_for_user(user_id, version)
        except InvalidToken:
            request.session.clear()
            return False
        if not may_administer(principal):  # a role revoked since sign-in ends the session
            request.session.clear()
            return RedirectResponse(request.url_for("admin:login"), status_code=302)
        setattr(request.state, _PRINCIPAL, principal)
        return True
