"""The transfer procedure (R-A1 to R-A4) as mutations. Each returns the transfer (or case) and typed errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import strawberry
from strawberry import relay
from strawberry.utils.str_converters import to_camel_case
from tortoise.exceptions import ValidationError

import models
from graphql_api.context import Info, forbidden_on_denial
from graphql_api.enums import AssistanceKind, EvidenceKeptKind
from graphql_api.relations import decode_id
from graphql_api.transfers.types import Transfer
from permissions.principal import Principal
from procedures import transfer as procedure

if TYPE_CHECKING:
    from graphql_api.assistance.types import AssistanceRequest
    from graphql_api.cases.types import Case

_Case = Annotated["Case", strawberry.lazy("graphql_api.cases.types")]
_Assistance = Annotated["AssistanceRequest", strawberry.lazy("graphql_api.assistance.types")]
T = TypeVar("T")


@strawberry.enum(description="Why a step of the transfer procedure was refused.")
class TransferErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    NOT_ENOUGH_OFFICERS = "NOT_ENOUGH_OFFICERS"
    OFFICER_NOT_OF_SENDER = "OFFICER_NOT_OF_SENDER"
    OFFICER_INACTIVE = "OFFICER_INACTIVE"
    OFFICER_NOT_CERTIFIED = "OFFICER_NOT_CERTIFIED"
    TRANSFER_IN_PROGRESS = "TRANSFER_IN_PROGRESS"
    NO_RECEIVER = "NO_RECEIVER"
    SAME_AGENCY = "SAME_AGENCY"
    RECEIVER_REASON_REQUIRED = "RECEIVER_REASON_REQUIRED"
    ORIGINAL_REQUIRED = "ORIGINAL_REQUIRED"
    NOT_PERISHABLE = "NOT_PERISHABLE"
    EVIDENCE_NOT_KEPT = "EVIDENCE_NOT_KEPT"
    INVALID_STATE = "INVALID_STATE"
    REASON_REQUIRED = "REASON_REQUIRED"
    NO_SUPERIOR = "NO_SUPERIOR"
    NOT_THE_SUPERIOR = "NOT_THE_SUPERIOR"
    NOT_A_PARTY = "NOT_A_PARTY"
    ALREADY_REVIEWED = "ALREADY_REVIEWED"
    EXTENSION_TOO_LONG = "EXTENSION_TOO_LONG"
    INVALID_INPUT = "INVALID_INPUT"
    NOT_COMPETENT = "NOT_COMPETENT"


@strawberry.type
class TransferError:
    code: TransferErrorCode
    field: str | None
    message: str


@strawberry.type
class TransferPayload:
    transfer: Transfer | None
    errors: list[TransferError]


@strawberry.type
class CaseFilingPayload:
    case: _Case | None
    errors: list[TransferError]


@strawberry.type
class HelpRequestPayload:
    assistance_request: _Assistance | None
    errors: list[TransferError]


@strawberry.input
class TransferItemInput:
    name: str
    quantity: str = strawberry.field(description='As written on the inventory, e.g. "12 箱".')
    features: str = ""
    storage_place: str = ""
    perishable: bool = strawberry.field(default=False, description="Perishable, fragile or likely to be lost.")


@strawberry.input
class TransferMaterialInput:
    name: str
    is_evidence: bool = True
    is_original: bool = True
    copy_reason: str = strawberry.field(default="", description="Required for evidence sent as a copy.")
    specification: str = ""
    quantity: int = 1


@strawberry.input
class StartTransferInput:
    case: relay.GlobalID
    officers: list[relay.GlobalID] = strawberry.field(description="Two or more certified officers of the sender.")
    reason: str = strawberry.field(description="The basis for transfer.")
    investigation_summary: str = ""
    urgent: bool = strawberry.field(default=False, description="Safety, food or environment: 24 hours to send.")
    receiver: relay.GlobalID | None = strawberry.field(default=None, description="Omit to take the proposed one.")
    receiver_reason: str = ""
    items: list[TransferItemInput] = strawberry.field(default_factory=list)
    materials: list[TransferMaterialInput] = strawberry.field(default_factory=list)


@strawberry.input
class ReceiptInput:
    place: str
    method: str = "直接送达"
    proxy_recipient: str = ""
    proxy_reason: str = ""
    witness: str = ""
    server_name: str = ""
    remarks: str = ""


def _id(value: relay.GlobalID, type_name: str, field: str) -> int:
    pk = decode_id(value, type_name, field=field)
    assert pk is not None  # a non-null argument
    return pk


async def _run(info: Info, step: Callable[[Principal], Awaitable[T]]) -> tuple[T | None, list[TransferError]]:
    actor = info.context.require_principal()
    try:
        async with forbidden_on_denial():
            return await step(actor), []
    except procedure.TransferError as exc:
        return None, [TransferError(code=TransferErrorCode(exc.code), field=exc.field, message=str(exc))]
    except ValidationError as exc:  # a value the table cannot hold (too long, say): nothing was written
        field, _, message = str(exc).partition(": ")
        return None, [TransferError(code=TransferErrorCode.INVALID_INPUT, field=to_camel_case(field), message=message)]


async def _transfer_of(row: Any) -> models.Transfer | None:
    if row is None:
        return None
    if isinstance(row, models.Transfer):
        return row
    return await models.Transfer.get(id=row.transfer_id)


async def _payload(info: Info, step: Callable[[Principal], Awaitable[Any]]) -> TransferPayload:
    row, errors = await _run(info, step)
    return TransferPayload(transfer=await _transfer_of(row), errors=errors)  # type: ignore[arg-type]


@strawberry.type
class TransferMutation:
    @strawberry.mutation(description="R-A1/R-A2: decide to transfer a case. Requires transfer:create in its agency.")
    async def start_transfer(self, info: Info, input: StartTransferInput) -> TransferPayload:
        data = procedure.StartInput(
            case_id=_id(input.case, "Case", "case"),
            officer_ids=[_id(o, "User", "officers") for o in input.officers],
            reason=input.reason, investigation_summary=input.investigation_summary, urgent=input.urgent,
            receiver_id=decode_id(input.receiver, "Agency", field="receiver"), receiver_reason=input.receiver_reason,
            items=[procedure.ItemInput(name=i.name, quantity=i.quantity, features=i.features,
                                       storage_place=i.storage_place, perishable=i.perishable) for i in input.items],
            materials=[procedure.MaterialInput(name=m.name, is_evidence=m.is_evidence, is_original=m.is_original,
                                               copy_reason=m.copy_reason, specification=m.specification,
                                               quantity=m.quantity) for m in input.materials],
        )  # fmt: skip
        return await _payload(info, lambda actor: procedure.start_transfer(actor, data))

    @strawberry.mutation(description="R-A2: record the evidence kept about an item. Requires transfer:create.")
    async def record_evidence_kept(
        self, info: Info, item: relay.GlobalID, kind: EvidenceKeptKind, note: str
    ) -> TransferPayload:
        item_id = _id(item, "TransferItem", "item")
        return await _payload(info, lambda actor: procedure.record_evidence_kept(actor, item_id, kind=kind, note=note))

    @strawberry.mutation(description="R-A2: dispose of a perishable item after its evidence was kept.")
    async def dispose_item(
        self, info: Info, item: relay.GlobalID, method: str, proceeds: Decimal | None = None, note: str = ""
    ) -> TransferPayload:
        item_id = _id(item, "TransferItem", "item")
        return await _payload(
            info, lambda actor: procedure.dispose_item(actor, item_id, method=method, proceeds=proceeds, note=note)
        )

    @strawberry.mutation(description="R-A2: approve and send. Requires transfer:send (a leader of the sender).")
    async def send_transfer(self, info: Info, transfer: relay.GlobalID) -> TransferPayload:
        transfer_id = _id(transfer, "Transfer", "transfer")
        return await _payload(info, lambda actor: procedure.send(actor, transfer_id))

    @strawberry.mutation(description="R-A2: confirm receipt; issues the service receipt. Requires transfer:receive.")
    async def confirm_receipt(self, info: Info, transfer: relay.GlobalID, input: ReceiptInput) -> TransferPayload:
        transfer_id = _id(transfer, "Transfer", "transfer")
        receipt = procedure.ReceiptInput(
            place=input.place, method=input.method, proxy_recipient=input.proxy_recipient,
            proxy_reason=input.proxy_reason, witness=input.witness, server_name=input.server_name,
            remarks=input.remarks,
        )  # fmt: skip
        return await _payload(info, lambda actor: procedure.confirm_receipt(actor, transfer_id, receipt))

    @strawberry.mutation(description="R-A3: take the case. Requires transfer:accept in the receiver.")
    async def accept_transfer(self, info: Info, transfer: relay.GlobalID) -> TransferPayload:
        transfer_id = _id(transfer, "Transfer", "transfer")
        return await _payload(info, lambda actor: procedure.accept(actor, transfer_id))

    @strawberry.mutation(description="R-A3: hold that the case is not the receiver's. Requires transfer:dispute.")
    async def dispute_transfer(self, info: Info, transfer: relay.GlobalID, reason: str) -> TransferPayload:
        transfer_id = _id(transfer, "Transfer", "transfer")
        return await _payload(info, lambda actor: procedure.dispute(actor, transfer_id, reason=reason))

    @strawberry.mutation(description="R-A3: state a position in the negotiation. Requires dispute:negotiate.")
    async def negotiate_dispute(self, info: Info, dispute: relay.GlobalID, body: str) -> TransferPayload:
        dispute_id = _id(dispute, "Dispute", "dispute")
        return await _payload(info, lambda actor: procedure.negotiate(actor, dispute_id, body=body))

    @strawberry.mutation(description="R-A3: declare the negotiation failed; the common superior decides. "
                         "Requires dispute:escalate (a leader of either side).")  # fmt: skip
    async def escalate_dispute(self, info: Info, dispute: relay.GlobalID) -> TransferPayload:
        dispute_id = _id(dispute, "Dispute", "dispute")
        return await _payload(info, lambda actor: procedure.escalate(actor, dispute_id))

    @strawberry.mutation(
        description="R-A3: designate jurisdiction (指定管辖). Requires dispute:designate, as the superior."
    )
    async def designate_jurisdiction(
        self, info: Info, dispute: relay.GlobalID, agency: relay.GlobalID, reason: str
    ) -> TransferPayload:
        dispute_id, agency_id = _id(dispute, "Dispute", "dispute"), _id(agency, "Agency", "agency")
        return await _payload(
            info, lambda actor: procedure.designate(actor, dispute_id, agency_id=agency_id, reason=reason)
        )

    @strawberry.mutation(description="Take a transfer back before it was taken. Requires transfer:withdraw.")
    async def withdraw_transfer(self, info: Info, transfer: relay.GlobalID, reason: str) -> TransferPayload:
        transfer_id = _id(transfer, "Transfer", "transfer")
        return await _payload(info, lambda actor: procedure.withdraw(actor, transfer_id, reason=reason))

    @strawberry.mutation(description="R-A4: review a piece of evidence: adopted or not, with a reason. "
                         "Requires transfer:review_evidence in the receiver.")  # fmt: skip
    async def review_evidence(
        self, info: Info, material: relay.GlobalID, adopted: bool, reason: str
    ) -> TransferPayload:
        material_id = _id(material, "TransferMaterial", "material")
        return await _payload(
            info, lambda actor: procedure.review_evidence(actor, material_id, adopted=adopted, reason=reason)
        )

    @strawberry.mutation(description="R-A4: file (立案) a case the agency holds; starts the decision clock. "
                         "Requires case:file.")  # fmt: skip
    async def file_case(self, info: Info, case: relay.GlobalID) -> CaseFilingPayload:
        case_id = _id(case, "Case", "case")
        row, errors = await _run(info, lambda actor: procedure.file_case(actor, case_id))
        return CaseFilingPayload(case=row, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="R-A4: extend the decision period once, with the head's approval (at most the "
                         "configured case.extension, 30 days). Requires case:extend (a leader).")  # fmt: skip
    async def extend_decision_deadline(
        self, info: Info, case: relay.GlobalID, days: int, reason: str
    ) -> CaseFilingPayload:
        case_id = _id(case, "Case", "case")
        row, errors = await _run(info, lambda a: procedure.extend_decision(a, case_id, days=days, reason=reason))
        return CaseFilingPayload(case=row, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="R-A4: stop the decision clock (hearing, testing, expert opinion). "
                         "Requires case:update.")  # fmt: skip
    async def suspend_case(self, info: Info, case: relay.GlobalID, reason: str) -> CaseFilingPayload:
        case_id = _id(case, "Case", "case")
        row, errors = await _run(info, lambda actor: procedure.suspend_case(actor, case_id, reason=reason))
        return CaseFilingPayload(case=row, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="R-A4: restart the decision clock; the deadline moves by the days it stood still. "
                         "Requires case:update.")  # fmt: skip
    async def resume_case(self, info: Info, case: relay.GlobalID) -> CaseFilingPayload:
        case_id = _id(case, "Case", "case")
        row, errors = await _run(info, lambda actor: procedure.resume_case(actor, case_id))
        return CaseFilingPayload(case=row, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="R-A4: decide the case; a decision after the deadline is recorded as late. "
                         "Requires case:decide.")  # fmt: skip
    async def decide_case(self, info: Info, case: relay.GlobalID, summary: str) -> CaseFilingPayload:
        case_id = _id(case, "Case", "case")
        row, errors = await _run(info, lambda actor: procedure.decide_case(actor, case_id, summary=summary))
        return CaseFilingPayload(case=row, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="R-A4/R-D1: ask the sender for help on the case. Requires assistance:request.")
    async def ask_sender_for_help(
        self, info: Info, transfer: relay.GlobalID, kind: AssistanceKind, needed: str
    ) -> HelpRequestPayload:
        transfer_id = _id(transfer, "Transfer", "transfer")
        row, errors = await _run(
            info, lambda actor: procedure.ask_sender_for_help(actor, transfer_id, kind=kind, needed=needed)
        )
        return HelpRequestPayload(assistance_request=row, errors=errors)  # type: ignore[arg-type]
