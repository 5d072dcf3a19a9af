"""`Secure` on every cookie of a request served over HTTPS, so that a session cookie never travels in clear text.

The scheme is the request's own, or the one a trusted reverse proxy states in `X-Forwarded-Proto`: uvicorn applies
that header for the addresses in `FORWARDED_ALLOW_IPS` (127.0.0.1 by default). Starlette's SessionMiddleware takes
`https_only` once for every request, which a server reached both directly and through a proxy cannot use.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class SecureCookies:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                cookies = headers.getlist("set-cookie")
                if cookies:
                    del headers["set-cookie"]
                    for cookie in cookies:
                        secure = "secure" in (part.strip().lower() for part in cookie.split(";"))
                        headers.append("set-cookie", cookie if secure else f"{cookie}; Secure")
            await send(message)

        await self.app(scope, receive, send_secure)
