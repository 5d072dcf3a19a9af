"""GET /documents/transfers/{id}/{letter|receipt}: a transfer's printable documents, under the API's authorization
(a bearer token or API key, and the same read scope as the `transfers` query)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from procedures.access import AccessDenied
from procedures.documents import DocumentKind, render, visible_transfer
from server.auth import authenticate


def document_routes(secret: str) -> list[Route]:
    async def transfer_document(request: Request) -> Response:
        principal, error = await authenticate(request.headers.get("authorization"), secret=secret)
        if principal is None:
            return JSONResponse({"error": error or "authentication required"}, status_code=401)
        try:
            kind = DocumentKind(request.path_params["kind"])
        except ValueError:
            return JSONResponse({"error": "no such document: letter or receipt"}, status_code=404)
        try:
            transfer = await visible_transfer(principal, request.path_params["transfer_id"])
        except AccessDenied as exc:
            return JSONResponse({"error": str(exc)}, status_code=403)
        html = await render(transfer, kind) if transfer is not None else None
        if html is None:
            return JSONResponse({"error": "no such document is visible to you"}, status_code=404)
        return HTMLResponse(html)

    return [Route("/documents/transfers/{transfer_id:int}/{kind}", transfer_document)]
