"""Issue 15 (7): the admin's session ends on the server when its user signs out, and its cookies are Secure over
HTTPS (the request's own scheme, or a trusted proxy's X-Forwarded-Proto, which uvicorn applies)."""

from __future__ import annotations

import uuid

import httpx

from models.enums import Role
from permissions.authorizer import authorizer
from tests.admin.conftest import csrf_of


async def test_signing_out_of_the_admin_ends_the_session_on_the_server(admin_client):
    """Issue 15 (7): a copy of the session cookie taken before the logout is refused after it."""
    from procedures import people

    name = f"adm_{uuid.uuid4().hex[:6]}"
    await people.add_user(None, username=name, agency_code="南排河", role=Role.AGENCY_ADMIN, password="caselink-demo")
    await authorizer.load()
    admin = await admin_client(name)
    assert (await admin.get("/admin/user/list")).status_code == 200
    copy = await admin_client(None)
    copy.cookies = httpx.Cookies(admin.cookies)
    assert (await copy.get("/admin/user/list")).status_code == 200
    await admin.get("/admin/logout")
    refused = await copy.get("/admin/user/list")
    assert refused.status_code == 302 and "/admin/login" in refused.headers["location"]


async def _login_cookies(app, base_url: str) -> list[str]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url) as client:
        page = await client.get("/admin/login")
        done = await client.post("/admin/login", data={"username": "admin", "password": "caselink-demo",
                                                       "csrf_token": csrf_of(page.text)})  # fmt: skip
        assert done.status_code == 302
        return page.headers.get_list("set-cookie") + done.headers.get_list("set-cookie")


async def test_cookies_are_secure_over_https_only(admin_app) -> None:
    secure = await _login_cookies(admin_app, "https://caselink.test")
    assert secure and all("; secure" in c.lower() for c in secure)
    plain = await _login_cookies(admin_app, "http://caselink.test")
    assert plain and not any("; secure" in c.lower() for c in plain)
