"""GET /attachments/{id}: an attached file, to whoever may read the record it belongs to (the API's read scope).

401 without good credentials; 404 for a file that does not exist and for one the principal may not see, alike (a
refusal is audited, but answers as nothing would: it must not tell that a file is there). The stored type is the one
read from the bytes; `nosniff` keeps browsers from guessing another.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from procedures.access import AccessDenied
from procedures.attachments import readable
from server.auth import authenticate
from server.documents import record_id


def attachment_routes(secret: str) -> list[Route]:
    async def download(request: Request) -> Response:
        principal, error = await authenticate(request.headers.get("authorization"), secret=secret)
        if principal is None:
            return JSONResponse({"error": error or "authentication required"}, status_code=401)
        attachment_id = record_id(request.path_params["id"])
        try:
            found = await readable(principal, attachment_id) if attachment_id is not None else None
        except AccessDenied:  # audited; answered as a missing file, so that a refusal tells nothing exists
            found = None
        if found is None:
            return JSONResponse({"error": "no such attachment is visible to you"}, status_code=404)
        attachment, data = found
        disposition = "inline" if attachment.content_type.startswith("image/") else "attachment"
        headers = {
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(attachment.filename)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, max-age=3600",
            "ETag": f'"{attachment.sha256}"',
        }
        return Response(data, media_type=attachment.content_type, headers=headers)

    return [Route("/attachments/{id}", download, methods=["GET"])]
