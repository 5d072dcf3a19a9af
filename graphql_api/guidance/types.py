"""R-F1: guidance from departments to townships."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.context import Info
from graphql_api.enums import GuidanceKind
from graphql_api.node import ModelNode
from graphql_api.relations import by_ids, many, to_many, to_one

if TYPE_CHECKING:
    from graphql_api.agencies.types import Agency

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]


@strawberry.type(description="A guidance document, typical case, seminar or training. Visible to issuer and audience.")
class GuidanceDocument(ModelNode):
    _model = models.GuidanceDocument
    _resource = "guidance"

    title: str
    kind: GuidanceKind
    body: str
    event_at: datetime | None
    published_at: datetime

    issuer: _Agency = to_one(models.Agency, "issuer_id")

    @strawberry.field(description="The agencies it is addressed to.")
    async def audience(self, info: Info) -> list[_Agency]:
        rows = await many(info, models.GuidanceAudience, "document_id", self.pk, resource="guidance_part")
        return await by_ids(info, models.Agency, [row.agency_id for row in rows], resource="agency")

    reads: list[GuidanceRead] = to_many(
        models.GuidanceRead, "document_id", description="Read confirmations, one per agency."
    )


@strawberry.type
class GuidanceRead(ModelNode):
    _model = models.GuidanceRead
    _resource = "guidance_part"

    created_at: datetime

    agency: _Agency = to_one(models.Agency, "agency_id")
