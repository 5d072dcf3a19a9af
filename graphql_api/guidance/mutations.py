"""R-F1 as mutations: publish guidance to townships, confirm it was read."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import StrEnum
from typing import Any

import strawberry
from strawberry import relay

import models
from graphql_api.context import Info, forbidden_on_denial
from graphql_api.enums import GuidanceKind
from graphql_api.guidance.types import GuidanceDocument
from graphql_api.relations import decode_id
from permissions.principal import Principal
from procedures import guidance as procedure


@strawberry.enum(description="Why a guidance step was refused.")
class GuidanceErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    REASON_REQUIRED = "REASON_REQUIRED"
    NO_AUDIENCE = "NO_AUDIENCE"
    ALREADY_CONFIRMED = "ALREADY_CONFIRMED"


@strawberry.type
class GuidanceError:
    code: GuidanceErrorCode
    field: str | None
    message: str


@strawberry.type
class GuidancePayload:
    document: GuidanceDocument | None
    errors: list[GuidanceError]


@strawberry.input
class PublishGuidanceInput:
    kind: GuidanceKind
    title: str
    body: str = ""
    audience: list[relay.GlobalID] = strawberry.field(description="The agencies it is addressed to.")
    event_at: datetime | None = strawberry.field(default=None, description="When a seminar or training is held.")


async def _payload(info: Info, step: Callable[[Principal], Awaitable[Any]]) -> GuidancePayload:
    actor = info.context.require_principal()
    try:
        async with forbidden_on_denial():
            row = await step(actor)
    except procedure.GuidanceError as exc:
        error = GuidanceError(code=GuidanceErrorCode(exc.code), field=exc.field, message=str(exc))
        return GuidancePayload(document=None, errors=[error])
    document = (
        row if isinstance(row, models.GuidanceDocument) else await models.GuidanceDocument.get(id=row.document_id)
    )
    return GuidancePayload(document=document, errors=[])  # type: ignore[arg-type]


@strawberry.type
class GuidanceMutation:
    @strawberry.mutation(description="R-F1: publish guidance, a typical case, a seminar or a training to agencies. "
                         "Requires guidance:publish (a leader).")  # fmt: skip
    async def publish_guidance(self, info: Info, input: PublishGuidanceInput) -> GuidancePayload:
        audience = [decode_id(a, "Agency", field="audience") or 0 for a in input.audience]
        return await _payload(info, lambda actor: procedure.publish(
            actor, kind=input.kind, title=input.title, body=input.body, audience_ids=audience, event_at=input.event_at
        ))  # fmt: skip

    @strawberry.mutation(description="R-F1: confirm the agency read a document addressed to it. "
                         "Requires guidance:confirm_read.")  # fmt: skip
    async def confirm_guidance_read(self, info: Info, document: relay.GlobalID) -> GuidancePayload:
        document_id = decode_id(document, "GuidanceDocument", field="document") or 0
        return await _payload(info, lambda actor: procedure.confirm_read(actor, document_id))
