"""R-D1: written requests for assistance between agencies, which the asked agency must answer.

A request is a numbered assistance letter (行政执法协助函) with its answer deadline; the asked agency provides, partly
provides, or refuses with a reason (never without); a refusal can be escalated to the common superior.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import Agency, AssistanceRequest, Case
from models.enums import AssistanceKind, AssistanceStatus
from permissions.principal import Principal
from procedures import clocks, numbering
from procedures.access import require, require_on
from procedures.jurisdiction import common_superior

A = AssistanceStatus
BASIS = "《中华人民共和国行政处罚法》第二十六条"


class AssistanceError(Exception):
    """A step refused; `code` is one of AssistanceErrorCode's names."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


@dataclass(frozen=True, slots=True)
class RequestInput:
    requested_id: int
    kind: AssistanceKind
    needed: str
    reason: str = ""
    basis: str = BASIS
    case_id: int | None = None
    transfer_id: int | None = None
    wanted_by: date | None = None
    contact: str = ""
    requester_id: int | None = None  # None: the acting principal's own agency


async def _event(
    connection: BaseDBAsyncClient,
    type_: str,
    request: AssistanceRequest,
    actor: Principal,
    at: datetime,
    **payload: object,
) -> None:
    audience = [request.requester_id, request.requested_id] + ([request.superior_id] if request.superior_id else [])
    await record_event(
        type=f"assistance.{type_}", subject_type="assistance", subject_id=request.id, audience=audience,
        actor_id=actor.user_id, agency_id=actor.agency_id, case_id=request.case_id,
        payload={"status": request.status.value, "number": request.number, **payload}, occurred_at=at,
        using_db=connection,
    )  # fmt: skip


def _missing(request_id: int) -> AssistanceError:
    return AssistanceError("NOT_FOUND", f"no assistance request has the ID {request_id}", field="request")


async def _request(request_id: int) -> AssistanceRequest:
    request = await AssistanceRequest.get_or_none(id=request_id)
    if request is None:
        raise _missing(request_id)
    return request


async def _require(actor: Principal, action: str, agency_id: int, request: AssistanceRequest) -> None:
    """`require`, and a request the actor may not read is answered as a missing one (`require_on`)."""
    await require_on(actor, action, "assistance", agency_id, record=request, resource="assistance",
                     missing=_missing(request.id))  # fmt: skip


async def request_assistance(
    actor: Principal,
    data: RequestInput,
    *,
    at: datetime | None = None,
    connection: BaseDBAsyncClient | None = None,
) -> AssistanceRequest:
    """Ask another agency in writing, within its powers; its answer clock starts now. A caller that records more in
    the same transaction (the transfer's step, say) passes its `connection`."""
    now = at or datetime.now(UTC)
    requester_id = data.requester_id or actor.agency_id
    await require(actor, "request", "assistance", requester_id)
    if data.requested_id == requester_id:
        raise AssistanceError("SAME_AGENCY", "an agency does not ask itself for assistance", field="requested")
    requested = await Agency.get_or_none(id=data.requested_id)
    if requested is None:
        raise AssistanceError("NOT_FOUND", f"no agency has the ID {data.requested_id}", field="requested")
    if not data.needed.strip():
        raise AssistanceError("REASON_REQUIRED", "say what help is needed", field="needed")
    if data.case_id is not None and not await Case.exists(id=data.case_id, agency_id=requester_id):
        raise AssistanceError("NOT_FOUND", "the case is not one the requesting agency holds", field="case")
    requester = await Agency.get(id=requester_id)

    async def write(conn: BaseDBAsyncClient) -> AssistanceRequest:
        answer = await clocks.due("assistance.answer", now, using_db=conn)
        request = await AssistanceRequest.create(
            number=await numbering.issue_number(requester, numbering.ASSISTANCE_LETTER, now.year, using_db=conn),
            requester_id=requester.id, requested_id=requested.id, case_id=data.case_id, transfer_id=data.transfer_id,
            kind=data.kind, needed=data.needed, reason=data.reason, basis=data.basis, wanted_by=data.wanted_by,
            contact=data.contact, created_by_id=actor.user_id, sent_at=now,
            answer_deadline=answer.at, using_db=conn,
        )  # fmt: skip
        await clocks.keep(answer, request.id, using_db=conn)
        await _event(conn, "requested", request, actor, now, transfer_id=data.transfer_id)
        return request

    if connection is not None:
        return await write(connection)
    async with in_transaction() as own:
        return await write(own)


async def answer(
    actor: Principal, request_id: int, *, partly: bool, reply: str, at: datetime | None = None
) -> AssistanceRequest:
    """The asked agency provides what was asked, or part of it, with its reply."""
    now = at or datetime.now(UTC)
    request = await _request(request_id)
    await _require(actor, "answer", request.requested_id, request)
    if not reply.strip():
        raise AssistanceError("REASON_REQUIRED", "say what is provided", field="reply")
    return await _close(actor, request, A.PARTLY_PROVIDED if partly else A.PROVIDED, now, reply_text=reply)


async def refuse(actor: Principal, request_id: int, *, reason: str, at: datetime | None = None) -> AssistanceRequest:
    """The asked agency may not shirk: a refusal states its reason, and a leader makes it."""
    now = at or datetime.now(UTC)
    request = await _request(request_id)
    await _require(actor, "refuse", request.requested_id, request)
    if not reason.strip():
        raise AssistanceError("REASON_REQUIRED", "a refusal states its reason", field="reason")
    return await _close(actor, request, A.REFUSED, now, refusal_reason=reason)


async def _close(
    actor: Principal, request: AssistanceRequest, status: AssistanceStatus, now: datetime, **changes: str
) -> AssistanceRequest:
    async with in_transaction() as connection:
        updated = (
            await AssistanceRequest.filter(id=request.id, status=A.SENT)
            .using_db(connection)
            .update(status=status, replied_at=now, replied_by_id=actor.user_id, **changes)
        )
        if not updated:
            raise AssistanceError("INVALID_STATE", f"the request is {request.status.value}, not awaiting an answer")
        request.status, request.replied_at, request.replied_by_id = status, now, actor.user_id
        for name, value in changes.items():
            setattr(request, name, value)
        await _event(connection, status.value, request, actor, now, late=now > request.answer_deadline)
    return request


async def escalate_refusal(actor: Principal, request_id: int, *, at: datetime | None = None) -> AssistanceRequest:
    """The requester does not accept the refusal: the common superior of the two agencies takes it up."""
    now = at or datetime.now(UTC)
    request = await _request(request_id)
    await _require(actor, "request", request.requester_id, request)
    superior = await common_superior(
        await Agency.get(id=request.requester_id), await Agency.get(id=request.requested_id)
    )
    if superior is None:
        raise AssistanceError("NO_SUPERIOR", "the two agencies have no common superior in the agency tree")
    async with in_transaction() as connection:
        updated = (
            await AssistanceRequest.filter(id=request.id, status=A.REFUSED)
            .using_db(connection)
            .update(status=A.ESCALATED, superior_id=superior.id, escalated_at=now)
        )
        if not updated:
            raise AssistanceError("INVALID_STATE", f"the request is {request.status.value}, not refused")
        request.status, request.superior_id, request.escalated_at = A.ESCALATED, superior.id, now
        await _event(connection, "escalated", request, actor, now, superior_id=superior.id)
    return request
