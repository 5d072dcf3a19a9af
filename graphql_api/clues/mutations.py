"""R-B2 as mutations: register a complaint, handle it or pass it on, report the result."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import StrEnum

import strawberry
from strawberry import relay

import models
from graphql_api.clues.types import Clue
from graphql_api.context import Info, forbidden_on_denial
from graphql_api.enums import ClueChannel
from graphql_api.relations import decode_id
from permissions.principal import Principal
from procedures import clue as procedure


@strawberry.enum(description="Why a step of a clue was refused.")
class ClueErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    NO_RECEIVER = "NO_RECEIVER"
    SAME_AGENCY = "SAME_AGENCY"
    REASON_REQUIRED = "REASON_REQUIRED"
    INVALID_STATE = "INVALID_STATE"


@strawberry.type
class ClueError:
    code: ClueErrorCode
    field: str | None
    message: str


@strawberry.type
class CluePayload:
    clue: Clue | None
    errors: list[ClueError]


@strawberry.input
class ComplainantInput:
    name: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""


@strawberry.input
class RegisterClueInput:
    channel: ClueChannel
    content: str
    party_name: str = ""
    matter: relay.GlobalID | None = None
    complainant: ComplainantInput | None = strawberry.field(default=None, description="Omit for an anonymous report.")
    received_at: datetime | None = None


def _clue_id(value: relay.GlobalID) -> int:
    pk = decode_id(value, "Clue", field="clue")
    assert pk is not None  # a non-null argument
    return pk


async def _payload(info: Info, step: Callable[[Principal], Awaitable[models.Clue]]) -> CluePayload:
    actor = info.context.require_principal()
    try:
        async with forbidden_on_denial():
            row = await step(actor)
    except procedure.ClueError as exc:
        return CluePayload(clue=None, errors=[ClueError(code=ClueErrorCode(exc.code), field=exc.field,
                                                        message=str(exc))])  # fmt: skip
    return CluePayload(clue=row, errors=[])  # type: ignore[arg-type]


@strawberry.type
class ClueMutation:
    @strawberry.mutation(description="R-B2: accept and register a complaint or report. Requires clue:register.")
    async def register_clue(self, info: Info, input: RegisterClueInput) -> CluePayload:
        given = input.complainant
        data = procedure.RegisterInput(
            channel=input.channel, content=input.content, party_name=input.party_name,
            matter_id=decode_id(input.matter, "Matter", field="matter"), received_at=input.received_at,
            complainant=procedure.ComplainantInput(name=given.name, phone=given.phone, address=given.address,
                                                   email=given.email) if given else None,
        )  # fmt: skip
        return await _payload(info, lambda actor: procedure.register(actor, data))

    @strawberry.mutation(description="R-B2: within the agency's own remit, handle the clue. Requires clue:register.")
    async def handle_clue(self, info: Info, clue: relay.GlobalID) -> CluePayload:
        clue_id = _clue_id(clue)
        return await _payload(info, lambda actor: procedure.handle_in_own_remit(actor, clue_id))

    @strawberry.mutation(description="R-B2: pass the clue on with a clue transfer letter; the complainant is told "
                         "where it went. Requires clue:forward.")  # fmt: skip
    async def pass_on_clue(
        self, info: Info, clue: relay.GlobalID, receiver: relay.GlobalID | None = None, basis: str = ""
    ) -> CluePayload:
        clue_id, receiver_id = _clue_id(clue), decode_id(receiver, "Agency", field="receiver")
        return await _payload(info, lambda actor: procedure.pass_on(actor, clue_id, receiver_id=receiver_id,
                                                                    basis=basis))  # fmt: skip

    @strawberry.mutation(description="R-B2: report the result back; the complainant gets feedback. "
                         "Requires clue:report_result in the agency the clue was passed on to.")  # fmt: skip
    async def report_clue_result(self, info: Info, clue: relay.GlobalID, result: str) -> CluePayload:
        clue_id = _clue_id(clue)
        return await _payload(info, lambda actor: procedure.report_result(actor, clue_id, result=result))
