"""R-B1 as mutations: notify, acknowledge, report, open a case from a notice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

import models
from graphql_api.context import Info, forbidden_on_denial
from graphql_api.enums import NoticeOutcome
from graphql_api.notices.types import Notice
from graphql_api.relations import decode_id
from permissions.principal import Principal
from procedures import notification as procedure

if TYPE_CHECKING:
    from graphql_api.cases.types import Case

_Case = Annotated["Case", strawberry.lazy("graphql_api.cases.types")]


@strawberry.enum(description="Why a step of a notice was refused.")
class NoticeErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    NO_RECEIVER = "NO_RECEIVER"
    SAME_AGENCY = "SAME_AGENCY"
    REASON_REQUIRED = "REASON_REQUIRED"
    INVALID_STATE = "INVALID_STATE"
    USE_OPEN_CASE = "USE_OPEN_CASE"


@strawberry.type
class NoticeError:
    code: NoticeErrorCode
    field: str | None
    message: str


@strawberry.type
class NoticePayload:
    notice: Notice | None
    case: _Case | None = strawberry.field(description="The case opened from the notice, by openCaseFromNotice.")
    errors: list[NoticeError]


@strawberry.input
class NotifyInput:
    place: str
    found_at: datetime
    facts: str
    dissuasion: str = strawberry.field(description="What was done on the spot to dissuade or stop it.")
    matter: relay.GlobalID | None = None
    receiver: relay.GlobalID | None = strawberry.field(default=None, description="Omit to notify the agency the "
                                                        "catalog makes competent for the matter.")  # fmt: skip
    party_name: str = ""
    party_detail: str = ""


def _notice_id(value: relay.GlobalID) -> int:
    pk = decode_id(value, "Notice", field="notice")
    assert pk is not None  # a non-null argument
    return pk


async def _payload(info: Info, step: Callable[[Principal], Awaitable[Any]]) -> NoticePayload:
    actor = info.context.require_principal()
    try:
        async with forbidden_on_denial():
            row = await step(actor)
    except procedure.NoticeError as exc:
        error = NoticeError(code=NoticeErrorCode(exc.code), field=exc.field, message=str(exc))
        return NoticePayload(notice=None, case=None, errors=[error])
    if isinstance(row, models.Notice):
        return NoticePayload(notice=row, case=None, errors=[])  # type: ignore[arg-type]
    notice = await models.Notice.get(case_id=row.id)
    return NoticePayload(notice=notice, case=row, errors=[])  # type: ignore[arg-type]


@strawberry.type
class NoticeMutation:
    @strawberry.mutation(description="R-B1: notify a suspected violation found on patrol to the competent agency. "
                         "Requires notice:create in one's own agency.")  # fmt: skip
    async def notify_violation(self, info: Info, input: NotifyInput) -> NoticePayload:
        data = procedure.NoticeInput(
            place=input.place, found_at=input.found_at, facts=input.facts, dissuasion=input.dissuasion,
            matter_id=decode_id(input.matter, "Matter", field="matter"),
            receiver_id=decode_id(input.receiver, "Agency", field="receiver"),
            party_name=input.party_name, party_detail=input.party_detail,
        )  # fmt: skip
        return await _payload(info, lambda actor: procedure.notify(actor, data))

    @strawberry.mutation(description="R-B1: acknowledge a notice. Requires notice:acknowledge in the receiver.")
    async def acknowledge_notice(self, info: Info, notice: relay.GlobalID) -> NoticePayload:
        notice_id = _notice_id(notice)
        return await _payload(info, lambda actor: procedure.acknowledge(actor, notice_id))

    @strawberry.mutation(description="R-B1: report what was done (investigated, no violation). "
                         "Requires notice:report in the receiver.")  # fmt: skip
    async def report_on_notice(
        self, info: Info, notice: relay.GlobalID, outcome: NoticeOutcome, text: str
    ) -> NoticePayload:
        notice_id = _notice_id(notice)
        return await _payload(info, lambda actor: procedure.report(actor, notice_id, outcome=outcome, text=text))

    @strawberry.mutation(description="R-B1: open a case of the receiver from the notice, in one step, and report it. "
                         "Requires notice:report and case:create in the receiver.")  # fmt: skip
    async def open_case_from_notice(self, info: Info, notice: relay.GlobalID, title: str) -> NoticePayload:
        notice_id = _notice_id(notice)
        return await _payload(info, lambda actor: procedure.open_case(actor, notice_id, title=title))
