"""Uploads (the GraphQL multipart request spec): photos of a notice, files of an assistance request or answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from graphql_api.attachments.types import Attachment
from graphql_api.context import Info, forbidden_on_denial
from graphql_api.relations import decode_id
from permissions.principal import Principal
from procedures import attachments as procedure


@strawberry.enum(description="Why a file was not attached.")
class AttachmentErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    INVALID_FILE = "INVALID_FILE"
    INVALID_TYPE = "INVALID_TYPE"
    TOO_LARGE = "TOO_LARGE"
    INVALID_STATE = "INVALID_STATE"


@strawberry.type
class AttachmentError:
    code: AttachmentErrorCode
    field: str | None
    message: str


@strawberry.type
class AttachmentPayload:
    attachment: Attachment | None = None
    errors: list[AttachmentError]


async def _read(file: Any) -> procedure.Upload:
    """At most one byte more than allowed: enough to know a file is too large without holding all of it."""
    data = await file.read(procedure.MAX_BYTES + 1)
    return procedure.Upload(filename=str(getattr(file, "filename", "") or ""), data=data)


async def _attach(
    info: Info, file: Any, step: Callable[[Principal, procedure.Upload], Awaitable[Any]]
) -> AttachmentPayload:
    actor = info.context.require_principal()
    upload = await _read(file)
    try:
        async with forbidden_on_denial():
            row = await step(actor, upload)
    except procedure.AttachmentError as exc:
        error = AttachmentError(code=AttachmentErrorCode(exc.code), field=exc.field, message=str(exc))
        return AttachmentPayload(errors=[error])
    return AttachmentPayload(attachment=Attachment(row=row), errors=[])


@strawberry.type
class AttachmentMutation:
    @strawberry.mutation(description="R-B1: add a photo (JPEG, PNG or WebP, at most 10 MB) to a notice until it is "
                         "reported on. Requires notice:create in the notifying agency.")  # fmt: skip
    async def attach_notice_photo(self, info: Info, notice: relay.GlobalID, file: Upload) -> AttachmentPayload:
        notice_id = decode_id(notice, "Notice", field="notice") or 0
        return await _attach(info, file, lambda actor, upload: procedure.attach_notice_photo(actor, notice_id, upload))

    @strawberry.mutation(description="R-D1: add a file (image, PDF or Office document, at most 10 MB) to an "
                         "assistance request: the requester while it is open (assistance:request), the asked agency "
                         "with what it provides (assistance:answer).")  # fmt: skip
    async def attach_assistance_file(self, info: Info, request: relay.GlobalID, file: Upload) -> AttachmentPayload:
        request_id = decode_id(request, "AssistanceRequest", field="request") or 0
        return await _attach(info, file, lambda actor, upload: procedure.attach_assistance_file(actor, request_id,
                                                                                                 upload))  # fmt: skip
