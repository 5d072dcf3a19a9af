"""CSRF protection for the admin: a token kept in the signed session, required on every unsafe request.

sqladmin's templates have no CSRF field, so the token is written into each POST form of an HTML page (and into a
header for its script's DELETE requests) on the way out, and checked on the way in, as a form field or a header.
"""

from __future__ import annotations

import hmac
import re
import secrets
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FIELD = "csrf_token"
HEADER = "x-csrf-token"
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
_FORM = re.compile(rb"(<form\b[^>]*method=[\"']?post[\"']?[^>]*>)", re.IGNORECASE)


def _inject(body: bytes, token: str) -> bytes:
    escaped = token.encode()
    body = _FORM.sub(lambda m: m.group(1) + b'<input type="hidden" name="' + FIELD.encode() + b'" value="' + escaped
                     + b'">', body)  # fmt: skip
    script = (
        b"<script>if (window.jQuery) { jQuery.ajaxSetup({headers: {'X-CSRF-Token': '" + escaped + b"'}}); }</script>"
    )
    return body.replace(b"</body>", script + b"</body>", 1)


class CSRFMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session: dict[str, Any] = scope["session"]
        token = session.get("csrf")
        if not isinstance(token, str):
            token = session["csrf"] = secrets.token_urlsafe(32)
        if scope["method"] in _UNSAFE:
            replay = await self._check(scope, receive, token, send)
            if replay is None:
                return
            receive = replay
        await self.app(scope, receive, self._injecting(send, token))

    async def _check(self, scope: Scope, receive: Receive, token: str, send: Send) -> Receive | None:
        chunks: list[bytes] = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)

        async def replay() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        request = Request(scope, replay)
        given = request.headers.get(HEADER)
        if given is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            async with request.form() as form:
                value = form.get(FIELD)
                given = value if isinstance(value, str) else None
        if given is None or not hmac.compare_digest(given, token):
            await PlainTextResponse("CSRF 校验失败,请刷新页面后重试。(CSRF check failed)", status_code=403)(
                scope, replay, send
            )
            return None
        return replay

    @staticmethod
    def _injecting(send: Send, token: str) -> Send:
        start: Message | None = None
        parts: list[bytes] = []

        async def wrapped(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=list(message["headers"]))
                if not headers.get("content-type", "").startswith("text/html"):
                    await send(message)
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            parts.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = _inject(b"".join(parts), token)
            headers = MutableHeaders(raw=list(start["headers"]))
            headers["content-length"] = str(len(body))
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": body, "more_body": False})

        return wrapped
