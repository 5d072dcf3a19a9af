"""Transfers (R-A1 to R-A4) with their officers, items, materials, service receipt and disputes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.context import Info
from graphql_api.enums import DisputeStatus, EvidenceKeptKind, TransferStatus
from graphql_api.node import ModelNode
from graphql_api.relations import first_or_none, many, one, required

if TYPE_CHECKING:
    from graphql_api.accounts.types import User
    from graphql_api.agencies.types import Agency
    from graphql_api.cases.types import Case

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]
_User = Annotated["User", strawberry.lazy("graphql_api.accounts.types")]
_Case = Annotated["Case", strawberry.lazy("graphql_api.cases.types")]


@strawberry.type(
    description="The transfer of a case from one agency to another. Visible to sender, receiver and superior."
)
class Transfer(ModelNode):
    _model = models.Transfer
    _resource = "transfer"

    status: TransferStatus
    document_number: str | None = strawberry.field(
        description="Number of the transfer letter, e.g. 南排河移〔2026〕3号."
    )
    reason: str = strawberry.field(description="The basis for transfer.")
    investigation_summary: str
    receiver_reason: str = strawberry.field(description="Why the receiver differs from the proposed one.")
    urgent: bool
    decided_at: datetime
    send_deadline: datetime
    sent_at: datetime | None
    receipt_deadline: datetime | None
    received_at: datetime | None
    accept_deadline: datetime | None
    accepted_at: datetime | None
    withdrawn_at: datetime | None
    case_id: strawberry.Private[int]
    sender_id: strawberry.Private[int]
    receiver_id: strawberry.Private[int]
    proposed_receiver_id: strawberry.Private[int | None]
    created_by_id: strawberry.Private[int | None]
    approved_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def case(self, info: Info) -> _Case:
        return await required(info, models.Case, self.case_id)

    @strawberry.field
    async def sender(self, info: Info) -> _Agency:
        return await required(info, models.Agency, self.sender_id)

    @strawberry.field
    async def receiver(self, info: Info) -> _Agency:
        return await required(info, models.Agency, self.receiver_id)

    @strawberry.field(description="The receiver the jurisdiction catalog proposed.")
    async def proposed_receiver(self, info: Info) -> _Agency | None:
        return await one(info, models.Agency, self.proposed_receiver_id)

    @strawberry.field
    async def created_by(self, info: Info) -> _User | None:
        return await one(info, models.User, self.created_by_id)

    @strawberry.field(description="The sender's leader who approved and sent it.")
    async def approved_by(self, info: Info) -> _User | None:
        return await one(info, models.User, self.approved_by_id)

    @strawberry.field(description="R-A2: the two or more officers of the sender who handle the transfer.")
    async def officers(self, info: Info) -> list[TransferOfficer]:
        return await many(info, models.TransferOfficer, "transfer_id", self.pk)

    @strawberry.field(description="The inventory of involved items (涉案物品清单).")
    async def items(self, info: Info) -> list[TransferItem]:
        return await many(info, models.TransferItem, "transfer_id", self.pk)

    @strawberry.field(description="Evidence and other materials, each original or copy.")
    async def materials(self, info: Info) -> list[TransferMaterial]:
        return await many(info, models.TransferMaterial, "transfer_id", self.pk)

    @strawberry.field(description="The service receipt (送达回证), once the receiver confirmed receipt.")
    async def receipt(self, info: Info) -> ServiceReceipt | None:
        return first_or_none(await many(info, models.ServiceReceipt, "transfer_id", self.pk))

    @strawberry.field
    async def disputes(self, info: Info) -> list[Dispute]:
        return await many(info, models.Dispute, "transfer_id", self.pk)


@strawberry.type
class TransferOfficer(ModelNode):
    _model = models.TransferOfficer
    _resource = "transfer_part"

    is_lead: bool
    officer_id: strawberry.Private[int]

    @strawberry.field
    async def officer(self, info: Info) -> _User:
        return await required(info, models.User, self.officer_id)


@strawberry.type(
    description="A line of the item inventory; perishable items may be disposed of after evidence is kept."
)
class TransferItem(ModelNode):
    _model = models.TransferItem
    _resource = "transfer_part"

    seq: int
    name: str
    quantity: str
    features: str
    storage_place: str
    perishable: bool
    evidence_kept_kind: EvidenceKeptKind | None
    evidence_kept_note: str
    evidence_kept_at: datetime | None
    disposal_method: str | None
    disposed_at: datetime | None
    disposal_proceeds: Decimal | None
    disposal_note: str
    evidence_kept_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def evidence_kept_by(self, info: Info) -> _User | None:
        return await one(info, models.User, self.evidence_kept_by_id)


@strawberry.type(description="A piece of evidence or other material; the receiver reviews and adopts it or not.")
class TransferMaterial(ModelNode):
    _model = models.TransferMaterial
    _resource = "transfer_part"

    seq: int
    name: str
    specification: str
    quantity: int
    is_evidence: bool
    is_original: bool
    copy_reason: str
    reviewed_at: datetime | None
    adopted: bool | None
    review_reason: str
    reviewed_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def reviewed_by(self, info: Info) -> _User | None:
        return await one(info, models.User, self.reviewed_by_id)


@strawberry.type(description="行政案件移送书送达回证: who received the transfer, when, where and how.")
class ServiceReceipt(ModelNode):
    _model = models.ServiceReceipt
    _resource = "transfer_part"

    document_name: str
    document_number: str
    received_at: datetime
    place: str
    method: str
    proxy_recipient: str
    proxy_reason: str
    witness: str
    server_name: str
    remarks: str
    recipient_agency_id: strawberry.Private[int]
    received_by_id: strawberry.Private[int]

    @strawberry.field
    async def recipient_agency(self, info: Info) -> _Agency:
        return await required(info, models.Agency, self.recipient_agency_id)

    @strawberry.field
    async def received_by(self, info: Info) -> _User:
        return await required(info, models.User, self.received_by_id)


@strawberry.type(description="R-A3: a dispute over jurisdiction, negotiated, then designated by the common superior.")
class Dispute(ModelNode):
    _model = models.Dispute
    _resource = "dispute"

    reason: str
    status: DisputeStatus
    negotiation_deadline: datetime | None
    escalated_at: datetime | None
    designated_at: datetime | None
    designation_reason: str
    superior_id: strawberry.Private[int | None]
    designated_agency_id: strawberry.Private[int | None]
    raised_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def raised_by(self, info: Info) -> _User | None:
        return await one(info, models.User, self.raised_by_id)

    @strawberry.field(description="The common superior that designates jurisdiction.")
    async def superior(self, info: Info) -> _Agency | None:
        return await one(info, models.Agency, self.superior_id)

    @strawberry.field
    async def designated_agency(self, info: Info) -> _Agency | None:
        return await one(info, models.Agency, self.designated_agency_id)

    @strawberry.field
    async def messages(self, info: Info) -> list[DisputeMessage]:
        return await many(info, models.DisputeMessage, "dispute_id", self.pk)


@strawberry.type(description="One side's position in the negotiation.")
class DisputeMessage(ModelNode):
    _model = models.DisputeMessage
    _resource = "dispute_message"

    body: str
    created_at: datetime
    agency_id: strawberry.Private[int]
    author_id: strawberry.Private[int | None]

    @strawberry.field
    async def agency(self, info: Info) -> _Agency:
        return await required(info, models.Agency, self.agency_id)

    @strawberry.field
    async def author(self, info: Info) -> _User | None:
        return await one(info, models.User, self.author_id)
