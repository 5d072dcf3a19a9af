"""GET /documents/…: the printable documents (see `procedures.documents.PRINTERS`), under the API's authorization:
a bearer token or API key, and the same read scope as the API's list of the resource.

401 without good credentials; 404, as JSON, for an unknown path, an ID that is not a record's, a record outside the
principal's scope or of a kind it may not read at all (that refusal is audited), or a document that does not exist
yet (a receipt not issued, a clue not passed on): alike, so that a refusal never tells that a record is there.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from procedures.access import AccessDenied
from procedures.documents import PRINTERS, Printer
from server.auth import authenticate

_ID = re.compile(r"[1-9][0-9]{0,9}")
_MAX_ID = 2**31 - 1  # the integer keys' range on PostgreSQL: a larger ID names no record, and must not reach SQL


def record_id(text: str) -> int | None:
    return int(text) if _ID.fullmatch(text) and int(text) <= _MAX_ID else None


def document_routes(secret: str) -> list[Route]:
    async def serve(request: Request, printer: Printer | None) -> Response:
        principal, error = await authenticate(request.headers.get("authorization"), secret=secret)
        if principal is None:
            return JSONResponse({"error": error or "authentication required"}, status_code=401)
        row_id = record_id(request.path_params.get("id", ""))
        if printer is None or row_id is None:
            return JSONResponse({"error": "no such document"}, status_code=404)
        try:
            html = await printer(principal, row_id)
        except AccessDenied:  # audited; answered as a missing document, so that a refusal tells nothing exists
            html = None
        if html is None:
            return JSONResponse({"error": "no such document is visible to you"}, status_code=404)
        return HTMLResponse(html)

    def route(path: str, printer: Printer | None) -> Route:
        async def endpoint(request: Request) -> Response:
            return await serve(request, printer)

        return Route(path, endpoint, methods=["GET"])

    return [
        *(route(path, printer) for path, printer in PRINTERS.items()),
        route("/documents/{rest:path}", None),  # anything else under /documents: a JSON 404, not Starlette's text
    ]
