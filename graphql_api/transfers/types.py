"""Transfers (R-A1 to R-A4) with their officers, items, materials, service receipt and disputes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.calendar.types import Deadline, deadlines_of
from graphql_api.enums import DisputeStatus, EvidenceKeptKind, TransferStatus
from graphql_api.node import ModelNode
from graphql_api.relations import computed, to_first, to_many, to_one
from procedures.documents import DocumentKind, document_url

if TYPE_CHECKING:
    from graphql_api.accounts.types import User
    from graphql_api.agencies.types import Agency
    from graphql_api.cases.types import Case
    from graphql_api.events.types import Event

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]
_User = Annotated["User", strawberry.lazy("graphql_api.accounts.types")]
_Case = Annotated["Case", strawberry.lazy("graphql_api.cases.types")]
_Event = Annotated["Event", strawberry.lazy("graphql_api.events.types")]


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
    deadlines: list[Deadline] = deadlines_of("transfer")
    accepted_at: datetime | None
    withdrawn_at: datetime | None

    case: _Case = to_one(models.Case, "case_id")
    sender: _Agency = to_one(models.Agency, "sender_id")
    receiver: _Agency = to_one(models.Agency, "receiver_id")
    proposed_receiver: _Agency | None = to_one(
        models.Agency, "proposed_receiver_id", description="The receiver the jurisdiction catalog proposed."
    )
    created_by: _User | None = to_one(models.User, "created_by_id")
    approved_by: _User | None = to_one(
        models.User, "approved_by_id", description="The sender's leader who approved and sent it."
    )
    officers: list[TransferOfficer] = to_many(
        models.TransferOfficer,
        "transfer_id",
        description="R-A2: the two or more officers of the sender who handle the transfer.",
    )
    items: list[TransferItem] = to_many(
        models.TransferItem, "transfer_id", description="The inventory of involved items (涉案物品清单)."
    )
    materials: list[TransferMaterial] = to_many(
        models.TransferMaterial, "transfer_id", description="Evidence and other materials, each original or copy."
    )

    disputes: list[Dispute] = to_many(models.Dispute, "transfer_id")

    document_url: str = computed(
        ("id",),
        lambda row, _: document_url(row["id"], DocumentKind.LETTER),
        description="The transfer letter with its item inventory and materials list, printable A4 HTML. GET it with "
        "the same Authorization header as the API.",
    )
    timeline: list[_Event] = to_many(
        models.Event,
        "subject_id",
        where={"subject_type": "transfer"},
        description="What happened to this transfer, from the event log, oldest first.",
    )
    receipt: ServiceReceipt | None = to_first(
        models.ServiceReceipt,
        "transfer_id",
        description="The service receipt (送达回证), once the receiver confirmed receipt.",
    )


@strawberry.type
class TransferOfficer(ModelNode):
    _model = models.TransferOfficer
    _resource = "transfer_part"

    is_lead: bool

    officer: _User = to_one(models.User, "officer_id")


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

    evidence_kept_by: _User | None = to_one(models.User, "evidence_kept_by_id")


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

    reviewed_by: _User | None = to_one(models.User, "reviewed_by_id")


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

    recipient_agency: _Agency = to_one(models.Agency, "recipient_agency_id")
    received_by: _User = to_one(models.User, "received_by_id")

    document_url: str = computed(
        ("transfer_id",),
        lambda row, _: document_url(row["transfer_id"], DocumentKind.RECEIPT),
        description="The service receipt as printable A4 HTML (same Authorization header).",
    )


@strawberry.type(description="R-A3: a dispute over jurisdiction, negotiated, then designated by the common superior.")
class Dispute(ModelNode):
    _model = models.Dispute
    _resource = "dispute"

    reason: str
    status: DisputeStatus
    negotiation_deadline: datetime | None
    deadlines: list[Deadline] = deadlines_of("dispute")
    escalated_at: datetime | None
    designated_at: datetime | None
    designation_reason: str

    raised_by: _User | None = to_one(models.User, "raised_by_id")
    superior: _Agency | None = to_one(
        models.Agency, "superior_id", description="The common superior that designates jurisdiction."
    )
    designated_agency: _Agency | None = to_one(models.Agency, "designated_agency_id")
    messages: list[DisputeMessage] = to_many(models.DisputeMessage, "dispute_id")


@strawberry.type(description="One side's position in the negotiation.")
class DisputeMessage(ModelNode):
    _model = models.DisputeMessage
    _resource = "dispute_message"

    body: str
    created_at: datetime

    agency: _Agency = to_one(models.Agency, "agency_id")
    author: _User | None = to_one(models.User, "author_id")
