"""R-D1 as mutations: request, answer, refuse with a reason, escalate a refusal."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from enum import StrEnum

import strawberry
from strawberry import relay

import models
from graphql_api.assistance.types import AssistanceRequest
from graphql_api.context import Info, forbidden_on_denial
from graphql_api.enums import AssistanceKind
from graphql_api.relations import decode_id
from permissions.principal import Principal
from procedures import assistance as procedure


@strawberry.enum(description="Why a step of an assistance request was refused.")
class AssistanceErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    SAME_AGENCY = "SAME_AGENCY"
    REASON_REQUIRED = "REASON_REQUIRED"
    INVALID_STATE = "INVALID_STATE"
    NO_SUPERIOR = "NO_SUPERIOR"


@strawberry.type
class AssistanceError:
    code: AssistanceErrorCode
    field: str | None
    message: str


@strawberry.type
class AssistancePayload:
    assistance_request: AssistanceRequest | None
    errors: list[AssistanceError]


@strawberry.input
class RequestAssistanceInput:
    requested: relay.GlobalID = strawberry.field(description="The agency asked.")
    kind: AssistanceKind
    needed: str = strawberry.field(description="What help is needed: documents, records, testing, staff, equipment.")
    reason: str = ""
    case: relay.GlobalID | None = None
    wanted_by: date | None = None
    contact: str = ""


def _request_id(value: relay.GlobalID) -> int:
    pk = decode_id(value, "AssistanceRequest", field="request")
    assert pk is not None  # a non-null argument
    return pk


async def _payload(info: Info, step: Callable[[Principal], Awaitable[models.AssistanceRequest]]) -> AssistancePayload:
    actor = info.context.require_principal()
    try:
        async with forbidden_on_denial():
            row = await step(actor)
    except procedure.AssistanceError as exc:
        error = AssistanceError(code=AssistanceErrorCode(exc.code), field=exc.field, message=str(exc))
        return AssistancePayload(assistance_request=None, errors=[error])
    return AssistancePayload(assistance_request=row, errors=[])  # type: ignore[arg-type]


@strawberry.type
class AssistanceMutation:
    @strawberry.mutation(description="R-D1: ask another agency in writing. Requires assistance:request in one's own.")
    async def request_assistance(self, info: Info, input: RequestAssistanceInput) -> AssistancePayload:
        requested = decode_id(input.requested, "Agency", field="requested")
        data = procedure.RequestInput(
            requested_id=requested or 0, kind=input.kind, needed=input.needed, reason=input.reason,
            case_id=decode_id(input.case, "Case", field="case"), wanted_by=input.wanted_by, contact=input.contact,
        )  # fmt: skip
        return await _payload(info, lambda actor: procedure.request_assistance(actor, data))

    @strawberry.mutation(description="R-D1: provide what was asked, or part of it. Requires assistance:answer.")
    async def answer_assistance(
        self, info: Info, request: relay.GlobalID, reply: str, partly: bool = False
    ) -> AssistancePayload:
        request_id = _request_id(request)
        return await _payload(info, lambda actor: procedure.answer(actor, request_id, partly=partly, reply=reply))

    @strawberry.mutation(description="R-D1: refuse, stating the reason. Requires assistance:refuse (a leader).")
    async def refuse_assistance(self, info: Info, request: relay.GlobalID, reason: str) -> AssistancePayload:
        request_id = _request_id(request)
        return await _payload(info, lambda actor: procedure.refuse(actor, request_id, reason=reason))

    @strawberry.mutation(description="R-D1: take a refusal to the common superior. Requires assistance:request.")
    async def escalate_assistance_refusal(self, info: Info, request: relay.GlobalID) -> AssistancePayload:
        request_id = _request_id(request)
        return await _payload(info, lambda actor: procedure.escalate_refusal(actor, request_id))
