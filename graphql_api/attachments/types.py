"""Attached files. Not nodes: each is reached through the record it belongs to, whose read scope it shares."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

import models
from graphql_api.context import Info
from graphql_api.relations import one
from procedures.attachments import attachment_url

if TYPE_CHECKING:
    from graphql_api.agencies.types import Agency

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]


@strawberry.type(description="A file attached to a record; download it from `url` with the same credentials.")
class Attachment:
    row: strawberry.Private[models.Attachment]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @strawberry.field
    def filename(self) -> str:
        return self.row.filename

    @strawberry.field(description="Read from the file's bytes, not from its name.")
    def content_type(self) -> str:
        return self.row.content_type

    @strawberry.field(description="In bytes.")
    def size(self) -> int:
        return self.row.size

    @strawberry.field(description="SHA-256 of the bytes, to check a download against.")
    def sha256(self) -> str:
        return self.row.sha256

    @strawberry.field
    def url(self) -> str:
        return attachment_url(self.row.id)

    @strawberry.field
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field(description="The agency that attached it.")
    async def agency(self, info: Info) -> _Agency:
        return await one(info, models.Agency, self.row.agency_id, resource="agency")


async def attachments_of(info: Info, owner_type: str, owner_id: int) -> list[Attachment]:
    rows: list[Any] = await info.context.loaders.children(models.Attachment, "owner_id", owner_type=owner_type).load(
        owner_id
    )
    return [Attachment(row=row) for row in rows]
