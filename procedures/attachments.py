"""Files attached to records: a notice's photos (R-B1) and the files an assistance request or answer carries (R-D1).

The type is read from the bytes, not from the name or the client's word: a photo must be a JPEG, PNG or WebP image;
an assistance file may also be a PDF or an Office document. Who may attach is who acts on the record: the notifying
agency for its notice, the two agencies of a request for theirs. The file, its record and its event commit together.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath

from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import AssistanceRequest, Attachment, AttachmentContent, Notice
from models.enums import AssistanceStatus, NoticeStatus
from permissions.principal import Principal
from procedures.access import require_on
from procedures.documents.common import visible

MAX_BYTES = 10 * 1024 * 1024
_IMAGES = {"image/jpeg", "image/png", "image/webp"}
_DOCUMENTS = _IMAGES | {"application/pdf", "application/zip"}  # .docx and .xlsx are zip containers
OWNERS = {"notice": "notice", "assistance": "assistance"}  # owner type → its read resource


class AttachmentError(Exception):
    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


def _missing(what: str, pk: int, field: str) -> AttachmentError:
    return AttachmentError("NOT_FOUND", f"no {what} has the ID {pk}", field=field)


@dataclass(frozen=True, slots=True)
class Upload:
    filename: str
    data: bytes


def sniff(data: bytes) -> str | None:
    """The content type the bytes are, from their signature; None when not one we keep."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"PK\x03\x04"):
        return "application/zip"
    return None


def _checked(upload: Upload, allowed: set[str]) -> tuple[str, str]:
    name = PurePath(upload.filename.replace("\\", "/")).name.strip()[:200]
    if not name:
        raise AttachmentError("INVALID_FILE", "the file has no name", field="file")
    if not upload.data:
        raise AttachmentError("INVALID_FILE", "the file is empty", field="file")
    if len(upload.data) > MAX_BYTES:
        raise AttachmentError("TOO_LARGE", f"a file may have at most {MAX_BYTES // (1024 * 1024)} MB", field="file")
    kind = sniff(upload.data)
    if kind not in allowed:
        raise AttachmentError("INVALID_TYPE", f"allowed here: {', '.join(sorted(allowed))}", field="file")
    return name, kind


async def attach_notice_photo(actor: Principal, notice_id: int, upload: Upload) -> Attachment:
    """R-B1: the notifying agency adds photos of what it found, until the notice is reported on."""
    notice = await Notice.get_or_none(id=notice_id)
    if notice is None:
        raise _missing("notice", notice_id, "notice")
    await require_on(actor, "create", "notice", notice.sender_id, record=notice, resource="notice",
                     missing=_missing("notice", notice_id, "notice"))  # fmt: skip
    if notice.status is NoticeStatus.REPORTED:
        raise AttachmentError("INVALID_STATE", "the notice was reported on: its record is closed", field="notice")
    name, kind = _checked(upload, _IMAGES)
    return await _store(actor, "notice", notice.id, name, kind, upload.data, notice.sender_id,
                        [notice.sender_id, notice.receiver_id])  # fmt: skip


async def attach_assistance_file(actor: Principal, request_id: int, upload: Upload) -> Attachment:
    """R-D1: the requester adds what explains the request, the asked agency what it provides."""
    request = await AssistanceRequest.get_or_none(id=request_id)
    if request is None:
        raise _missing("assistance request", request_id, "request")
    if actor.agency_id == request.requester_id:
        await require_on(actor, "request", "assistance", request.requester_id, record=request, resource="assistance",
                         missing=_missing("assistance request", request_id, "request"))  # fmt: skip
        agency_id = request.requester_id
    else:
        await require_on(actor, "answer", "assistance", request.requested_id, record=request, resource="assistance",
                         missing=_missing("assistance request", request_id, "request"))  # fmt: skip
        agency_id = request.requested_id
    if request.status is not AssistanceStatus.SENT and agency_id == request.requester_id:
        raise AttachmentError("INVALID_STATE", "the request was answered: the requester adds nothing now")
    name, kind = _checked(upload, _DOCUMENTS)
    return await _store(actor, "assistance", request.id, name, kind, upload.data, agency_id,
                        [request.requester_id, request.requested_id])  # fmt: skip


async def _store(
    actor: Principal, owner_type: str, owner_id: int, name: str, kind: str, data: bytes, agency_id: int,
    audience: list[int],
) -> Attachment:  # fmt: skip
    digest = hashlib.sha256(data).hexdigest()
    async with in_transaction() as connection:
        if not await AttachmentContent.filter(sha256=digest).using_db(connection).exists():
            await AttachmentContent.create(sha256=digest, data=data, using_db=connection)
        attachment = await Attachment.create(
            owner_type=owner_type, owner_id=owner_id, filename=name, content_type=kind, size=len(data), sha256=digest,
            agency_id=agency_id, uploaded_by_id=actor.user_id, using_db=connection,
        )  # fmt: skip
        await record_event(type=f"{owner_type}.file_attached", subject_type=owner_type, subject_id=owner_id,
                           audience=audience, actor_id=actor.user_id, agency_id=actor.agency_id,
                           payload={"attachment": attachment.id, "filename": name, "sha256": digest,
                                    "size": len(data)}, occurred_at=datetime.now(UTC),
                           using_db=connection)  # fmt: skip
    return attachment


async def readable(principal: Principal, attachment_id: int) -> tuple[Attachment, bytes] | None:
    """The attachment and its bytes when the principal may read the record it belongs to, else None."""
    attachment = await Attachment.get_or_none(id=attachment_id)
    if attachment is None:
        return None
    model = Notice if attachment.owner_type == "notice" else AssistanceRequest
    if await visible(principal, OWNERS[attachment.owner_type], model, attachment.owner_id) is None:
        return None
    content = await AttachmentContent.get(sha256=attachment.sha256)
    return attachment, bytes(content.data)


def attachment_url(attachment_id: int) -> str:
    return f"/attachments/{attachment_id}"
