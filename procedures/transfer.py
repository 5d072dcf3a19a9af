"""Case transfer (案件移送), R-A1 to R-A4: from the decision to transfer to the receiver filing the case.

Each step checks the Authorizer, then changes the rows with a conditional update on the transfer's status (so two
officers acting at once get one success and one INVALID_STATE) and writes its event, in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import (
    Agency,
    AssistanceRequest,
    Case,
    Dispute,
    DisputeMessage,
    Matter,
    ServiceReceipt,
    Transfer,
    TransferItem,
    TransferMaterial,
    TransferOfficer,
    User,
)
from models.enums import AssistanceKind, CaseStatus, DisputeStatus, EvidenceKeptKind, TransferStatus
from permissions.principal import Principal
from procedures import assistance, clocks, numbering
from procedures.access import require_on
from procedures.calendar import CHINA
from procedures.jurisdiction import common_superior, is_competent, propose_receiver
from procedures.time_limits import time_limit

S = TransferStatus
MIN_OFFICERS = 2  # R-A2, and Law Art 42: two or more certified officers act in enforcement
# A transfer still running: a case has at most one.
IN_PROGRESS = (S.DRAFT, S.SENT, S.RECEIVED, S.DISPUTED, S.ESCALATED)


class TransferError(Exception):
    """A step refused for a reason the user can fix or must know; `code` is one of TransferErrorCode's names."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


@dataclass(frozen=True, slots=True)
class ItemInput:
    name: str
    quantity: str
    features: str = ""
    storage_place: str = ""
    perishable: bool = False


@dataclass(frozen=True, slots=True)
class MaterialInput:
    name: str
    is_evidence: bool = True
    is_original: bool = True
    copy_reason: str = ""
    specification: str = ""
    quantity: int = 1


@dataclass(frozen=True, slots=True)
class ReceiptInput:
    place: str
    method: str = "直接送达"
    proxy_recipient: str = ""
    proxy_reason: str = ""
    witness: str = ""
    server_name: str = ""
    remarks: str = ""


@dataclass(frozen=True, slots=True)
class StartInput:
    case_id: int
    officer_ids: Sequence[int]
    reason: str
    investigation_summary: str = ""
    urgent: bool = False
    receiver_id: int | None = None  # None: the receiver the catalog proposes
    receiver_reason: str = ""  # required when the receiver is not the proposed one
    items: Sequence[ItemInput] = field(default_factory=tuple)
    materials: Sequence[MaterialInput] = field(default_factory=tuple)


def _now(at: datetime | None) -> datetime:
    return at or datetime.now(UTC)


async def _event(
    connection: BaseDBAsyncClient, type_: str, transfer: Transfer, actor: Principal, at: datetime, **payload: Any
) -> None:
    # The receiver's part begins when the transfer is sent: the events of one never sent are the sender's alone
    # (permissions.filters scopes the rows so).
    audience = [transfer.sender_id] if transfer.sent_at is None else [transfer.sender_id, transfer.receiver_id]
    superior = await Dispute.filter(transfer_id=transfer.id).using_db(connection).values_list("superior_id", flat=True)
    audience += [s for s in cast(list[int | None], superior) if s is not None]
    await record_event(
        type=f"transfer.{type_}", subject_type="transfer", subject_id=transfer.id, audience=audience,
        actor_id=actor.user_id, agency_id=actor.agency_id, case_id=transfer.case_id,
        payload={"status": transfer.status.value, **payload}, occurred_at=at, using_db=connection,
    )  # fmt: skip


def _missing(what: str, pk: int, field: str) -> TransferError:
    return TransferError("NOT_FOUND", f"no {what} has the ID {pk}", field=field)


async def _case(case_id: int) -> Case:
    case = await Case.get_or_none(id=case_id)
    if case is None:
        raise _missing("case", case_id, "case")
    return case


async def _transfer(transfer_id: int, connection: BaseDBAsyncClient | None = None) -> Transfer:
    transfer = await Transfer.filter(id=transfer_id).using_db(connection).first()
    if transfer is None:
        raise _missing("transfer", transfer_id, "transfer")
    return transfer


async def _require(
    actor: Principal, action: str, obj: str, agency_id: int, record: Case | Transfer,
    missing: TransferError | None = None,
) -> None:  # fmt: skip
    """`require`, and a record the actor may not read is answered as a missing one (`require_on`): the record
    itself, or the part of it the caller named (`missing`)."""
    resource = "case" if isinstance(record, Case) else "transfer"
    missing = missing or _missing(resource, record.id, resource)
    await require_on(actor, action, obj, agency_id, record=record, resource=resource, missing=missing)


async def _move(
    connection: BaseDBAsyncClient, transfer: Transfer, allowed: Sequence[TransferStatus], to: TransferStatus,
    **changes: Any,
) -> None:  # fmt: skip
    """Change the status only if it is still one of `allowed`: the database decides between concurrent steps."""
    updated = (
        await Transfer.filter(id=transfer.id, status__in=list(allowed))
        .using_db(connection)
        .update(status=to, **changes)
    )
    if not updated:
        current = (await _transfer(transfer.id, connection)).status
        raise TransferError(
            "INVALID_STATE", f"the transfer is {current.value}, not {'/'.join(a.value for a in allowed)}"
        )
    transfer.status = to
    for name, value in changes.items():
        setattr(transfer, name, value)


async def _check_officers(sender_id: int, officer_ids: Sequence[int]) -> list[User]:
    unique = list(dict.fromkeys(officer_ids))
    if len(unique) < MIN_OFFICERS:
        raise TransferError("NOT_ENOUGH_OFFICERS", "a transfer needs two or more officers", field="officers")
    officers = {u.id: u for u in await User.filter(id__in=unique)}
    for officer_id in unique:
        officer = officers.get(officer_id)
        if officer is None or officer.agency_id != sender_id:
            raise TransferError("OFFICER_NOT_OF_SENDER", f"user {officer_id} is not an officer of the sender",
                                field="officers")  # fmt: skip
        if not officer.is_active:
            raise TransferError("OFFICER_INACTIVE", f"{officer.display_name} is deactivated", field="officers")
        if not officer.certificate_no:
            raise TransferError("OFFICER_NOT_CERTIFIED", f"{officer.display_name} has no enforcement certificate",
                                field="officers")  # fmt: skip
    return [officers[i] for i in unique]


def _check_materials(materials: Sequence[MaterialInput]) -> None:
    for index, material in enumerate(materials):
        if material.is_evidence and not material.is_original and not material.copy_reason.strip():
            raise TransferError("ORIGINAL_REQUIRED", f"evidence “{material.name}” must be the original, or say why "
                                "a copy is sent", field=f"materials.{index}.copyReason")  # fmt: skip


# R-A1, R-A2 ----------------------------------------------------------------------------------------------------------


async def start_transfer(actor: Principal, data: StartInput, *, at: datetime | None = None) -> Transfer:
    """R-A1: an officer of the agency holding the case decides to transfer it; the sending clock starts now."""
    now = _now(at)
    case = await _case(data.case_id)
    await _require(actor, "create", "transfer", case.agency_id, case)
    if not data.reason.strip():
        raise TransferError("REASON_REQUIRED", "state the basis for the transfer", field="reason")
    if await Transfer.filter(case_id=case.id, status__in=list(IN_PROGRESS)).exists():
        raise TransferError("TRANSFER_IN_PROGRESS", "the case already has a transfer in progress", field="case")
    proposal = await propose_receiver(case, on=now.date())
    receiver_id = data.receiver_id or (proposal.agency.id if proposal else None)
    if receiver_id is None:
        raise TransferError("NO_RECEIVER", "the catalog proposes no receiver: choose one", field="receiver")
    if receiver_id == case.agency_id:
        raise TransferError("SAME_AGENCY", "a case is not transferred to the agency that holds it", field="receiver")
    if not await Agency.exists(id=receiver_id):
        raise TransferError("NOT_FOUND", f"no agency has the ID {receiver_id}", field="receiver")
    if (proposal is None or proposal.agency.id != receiver_id) and not data.receiver_reason.strip():
        raise TransferError("RECEIVER_REASON_REQUIRED", "say why the receiver is not the one the catalog proposes",
                            field="receiverReason")  # fmt: skip
    officers = await _check_officers(case.agency_id, data.officer_ids)
    _check_materials(data.materials)
    async with in_transaction() as connection:
        if await Case.filter(id=case.id, agency_id=case.agency_id, status__in=[CaseStatus.OPEN, CaseStatus.FILED]) \
                .using_db(connection).update(status=CaseStatus.TRANSFERRING) == 0:  # fmt: skip
            raise TransferError("INVALID_STATE", f"a case that is {case.status.value} is not transferred", field="case")
        send = await clocks.due("transfer.send_urgent" if data.urgent else "transfer.send", now, using_db=connection)
        transfer = await Transfer.create(
            case_id=case.id, sender_id=case.agency_id, receiver_id=receiver_id,
            proposed_receiver_id=proposal.agency.id if proposal else None, receiver_reason=data.receiver_reason,
            reason=data.reason, investigation_summary=data.investigation_summary, urgent=data.urgent,
            created_by_id=actor.user_id, decided_at=now, send_deadline=send.at, using_db=connection,
        )  # fmt: skip
        await clocks.keep(send, transfer.id, using_db=connection)
        for index, officer in enumerate(officers):
            await TransferOfficer.create(transfer=transfer, officer=officer, is_lead=index == 0, using_db=connection)
        for seq, item in enumerate(data.items, start=1):
            await TransferItem.create(transfer=transfer, seq=seq, name=item.name, quantity=item.quantity,
                                      features=item.features, storage_place=item.storage_place,
                                      perishable=item.perishable, using_db=connection)  # fmt: skip
        for seq, material in enumerate(data.materials, start=1):
            await TransferMaterial.create(transfer=transfer, seq=seq, name=material.name,
                                          specification=material.specification, quantity=material.quantity,
                                          is_evidence=material.is_evidence, is_original=material.is_original,
                                          copy_reason=material.copy_reason, using_db=connection)  # fmt: skip
        await _event(connection, "started", transfer, actor, now, receiver_id=receiver_id,
                     proposed_receiver_id=transfer.proposed_receiver_id,
                     explanation=proposal.explanation if proposal else "")  # fmt: skip
    return transfer


async def record_evidence_kept(
    actor: Principal, item_id: int, *, kind: EvidenceKeptKind, note: str, at: datetime | None = None
) -> TransferItem:
    """R-A2: the evidence about an item (photo, sample, record) is kept before the item may be disposed of."""
    now = _now(at)
    item = await TransferItem.get_or_none(id=item_id)
    if item is None:
        raise _missing("item", item_id, "item")
    transfer = await _transfer(item.transfer_id)
    await _require(actor, "create", "transfer", transfer.sender_id, transfer, _missing("item", item_id, "item"))
    if not note.strip():
        raise TransferError("REASON_REQUIRED", "describe the evidence kept", field="note")
    async with in_transaction() as connection:
        item.evidence_kept_kind, item.evidence_kept_note = kind, note
        item.evidence_kept_by_id, item.evidence_kept_at = actor.user_id, now
        await item.save(using_db=connection)
        await _event(connection, "evidence_kept", transfer, actor, now, item=item.seq, kind=kind.value)
    return item


async def dispose_item(
    actor: Principal, item_id: int, *, method: str, proceeds: Decimal | None = None, note: str = "",
    at: datetime | None = None,
) -> TransferItem:  # fmt: skip
    """R-A2: a perishable, fragile or losable item is disposed of under the rules, only after its evidence is kept."""
    now = _now(at)
    item = await TransferItem.get_or_none(id=item_id)
    if item is None:
        raise _missing("item", item_id, "item")
    transfer = await _transfer(item.transfer_id)
    await _require(actor, "create", "transfer", transfer.sender_id, transfer, _missing("item", item_id, "item"))
    if not item.perishable:
        raise TransferError("NOT_PERISHABLE", "only a perishable, fragile or losable item is disposed of first",
                            field="item")  # fmt: skip
    if item.evidence_kept_at is None:
        raise TransferError("EVIDENCE_NOT_KEPT", "keep the evidence about the item before disposing of it",
                            field="item")  # fmt: skip
    if item.disposed_at is not None:
        raise TransferError("INVALID_STATE", "the item is already disposed of", field="item")
    if not method.strip():
        raise TransferError("REASON_REQUIRED", "say how the item was disposed of", field="method")
    async with in_transaction() as connection:
        item.disposal_method, item.disposed_at, item.disposal_proceeds, item.disposal_note = method, now, proceeds, note
        await item.save(using_db=connection)
        await _event(connection, "item_disposed", transfer, actor, now, item=item.seq, method=method,
                     proceeds=str(proceeds) if proceeds is not None else None)  # fmt: skip
    return item


async def send(actor: Principal, transfer_id: int, *, at: datetime | None = None) -> Transfer:
    """R-A2: a leader of the sender approves and sends; the letter gets its number, the receipt clock starts."""
    now = _now(at)
    transfer = await _transfer(transfer_id)
    await _require(actor, "send", "transfer", transfer.sender_id, transfer)
    sender = await Agency.get(id=transfer.sender_id)
    async with in_transaction() as connection:
        receipt = await clocks.due("transfer.receipt", now, using_db=connection)
        await _move(
            connection, transfer, [S.DRAFT], S.SENT, sent_at=now, approved_by_id=actor.user_id,
            document_number=await numbering.issue_number(sender, numbering.TRANSFER_LETTER, now.year,
                                                         using_db=connection),
            receipt_deadline=receipt.at,
        )  # fmt: skip
        await clocks.keep(receipt, transfer.id, using_db=connection)
        await _event(connection, "sent", transfer, actor, now, document_number=transfer.document_number,
                     late=now > transfer.send_deadline)  # fmt: skip
    return transfer


async def confirm_receipt(
    actor: Principal, transfer_id: int, data: ReceiptInput, *, at: datetime | None = None
) -> Transfer:
    """R-A2: the receiver accepts the materials; the system issues the service receipt (送达回证)."""
    now = _now(at)
    transfer = await _transfer(transfer_id)
    await _require(actor, "receive", "transfer", transfer.receiver_id, transfer)
    if not data.place.strip():
        raise TransferError("REASON_REQUIRED", "say where the materials were received", field="place")
    async with in_transaction() as connection:
        acceptance = await clocks.due("transfer.accept", now, using_db=connection)
        await _move(connection, transfer, [S.SENT], S.RECEIVED, received_at=now, accept_deadline=acceptance.at)
        await clocks.keep(acceptance, transfer.id, using_db=connection)
        await ServiceReceipt.create(
            transfer=transfer, document_number=transfer.document_number or "", recipient_agency_id=transfer.receiver_id,
            received_by_id=actor.user_id, received_at=now, place=data.place, method=data.method,
            proxy_recipient=data.proxy_recipient, proxy_reason=data.proxy_reason, witness=data.witness,
            server_name=data.server_name, remarks=data.remarks, using_db=connection,
        )  # fmt: skip
        await _event(connection, "received", transfer, actor, now, place=data.place, method=data.method)
    return transfer


async def _hand_over(connection: BaseDBAsyncClient, transfer: Transfer, holder_id: int, now: datetime) -> None:
    """The case goes to the agency that takes it, and its filing clock starts (R-A4)."""
    filing = await clocks.due("case.filing", now, using_db=connection)
    await (
        Case.filter(id=transfer.case_id)
        .using_db(connection)
        .update(agency_id=holder_id, status=CaseStatus.OPEN, filing_deadline=filing.at)
    )
    await clocks.keep(filing, transfer.case_id, using_db=connection)


# R-A3 -------------------------------------------------------------------------------------------------------------


async def accept(actor: Principal, transfer_id: int, *, at: datetime | None = None) -> Transfer:
    """The receiver takes the case (also after a negotiation that convinced it)."""
    now = _now(at)
    transfer = await _transfer(transfer_id)
    await _require(actor, "accept", "transfer", transfer.receiver_id, transfer)
    async with in_transaction() as connection:
        await _move(connection, transfer, [S.RECEIVED, S.DISPUTED], S.ACCEPTED, accepted_at=now)
        await (
            Dispute.filter(transfer_id=transfer.id, status=DisputeStatus.NEGOTIATING)
            .using_db(connection)
            .update(status=DisputeStatus.SETTLED)
        )
        await _hand_over(connection, transfer, transfer.receiver_id, now)
        await _event(connection, "accepted", transfer, actor, now)
    return transfer


async def dispute(actor: Principal, transfer_id: int, *, reason: str, at: datetime | None = None) -> Dispute:
    """The receiver holds the case is not its jurisdiction: a negotiation between the two agencies opens."""
    now = _now(at)
    transfer = await _transfer(transfer_id)
    await _require(actor, "dispute", "transfer", transfer.receiver_id, transfer)
    if not reason.strip():
        raise TransferError("REASON_REQUIRED", "state why the case is not the receiver's jurisdiction", field="reason")
    async with in_transaction() as connection:
        await _move(connection, transfer, [S.RECEIVED], S.DISPUTED)
        negotiation = await clocks.due("dispute.negotiation", now, using_db=connection)
        row = await Dispute.create(transfer=transfer, raised_by_id=actor.user_id, reason=reason,
                                   negotiation_deadline=negotiation.at, using_db=connection)  # fmt: skip
        await clocks.keep(negotiation, row.id, using_db=connection)
        await DisputeMessage.create(dispute=row, agency_id=transfer.receiver_id, author_id=actor.user_id, body=reason,
                                    using_db=connection)  # fmt: skip
        await _event(connection, "disputed", transfer, actor, now, reason=reason)
    return row


async def _open_dispute(dispute_id: int) -> tuple[Dispute, Transfer]:
    row = await Dispute.get_or_none(id=dispute_id)
    if row is None:
        raise _missing("dispute", dispute_id, "dispute")
    return row, await _transfer(row.transfer_id)


async def negotiate(actor: Principal, dispute_id: int, *, body: str, at: datetime | None = None) -> Dispute:
    """One side states its position."""
    now = _now(at)
    row, transfer = await _open_dispute(dispute_id)
    side = actor.agency_id if actor.agency_id in (transfer.sender_id, transfer.receiver_id) else transfer.sender_id
    await _require(actor, "negotiate", "dispute", side, transfer, _missing("dispute", dispute_id, "dispute"))
    if row.status is not DisputeStatus.NEGOTIATING:
        raise TransferError("INVALID_STATE", f"the dispute is {row.status.value}, not negotiating")
    if not body.strip():
        raise TransferError("REASON_REQUIRED", "say something", field="body")
    async with in_transaction() as connection:
        await DisputeMessage.create(dispute=row, agency_id=side, author_id=actor.user_id, body=body,
                                    using_db=connection)  # fmt: skip
        await _event(connection, "negotiated", transfer, actor, now, body=body)
    return row


async def escalate(actor: Principal, dispute_id: int, *, at: datetime | None = None) -> Dispute:
    """Either side declares the negotiation failed: the case goes to the common superior (R-A3)."""
    now = _now(at)
    row, transfer = await _open_dispute(dispute_id)
    side = actor.agency_id if actor.agency_id in (transfer.sender_id, transfer.receiver_id) else transfer.sender_id
    await _require(actor, "escalate", "dispute", side, transfer, _missing("dispute", dispute_id, "dispute"))
    superior = await common_superior(await Agency.get(id=transfer.sender_id), await Agency.get(id=transfer.receiver_id))
    if superior is None:
        raise TransferError("NO_SUPERIOR", "the two agencies have no common superior in the agency tree")
    async with in_transaction() as connection:
        await _move(connection, transfer, [S.DISPUTED], S.ESCALATED)
        row.status, row.superior_id, row.escalated_at = DisputeStatus.ESCALATED, superior.id, now
        await row.save(using_db=connection)
        await _event(connection, "escalated", transfer, actor, now, superior_id=superior.id)
    return row


async def designate(
    actor: Principal, dispute_id: int, *, agency_id: int, reason: str, at: datetime | None = None
) -> Dispute:
    """The common superior designates jurisdiction (指定管辖); the case goes there, and back to the sender with a
    return transfer of the materials when the sender is designated."""
    now = _now(at)
    row, transfer = await _open_dispute(dispute_id)
    await _require(
        actor,
        "designate",
        "dispute",
        row.superior_id or transfer.sender_id,
        transfer,
        _missing("dispute", dispute_id, "dispute"),
    )
    if row.superior_id is None:
        raise TransferError("INVALID_STATE", "the dispute has not been escalated to a superior")
    if actor.agency_id != row.superior_id:
        raise TransferError("NOT_THE_SUPERIOR", "only the superior the dispute was escalated to designates")
    if agency_id not in (transfer.sender_id, transfer.receiver_id):
        raise TransferError("NOT_A_PARTY", "designate the sender or the receiver", field="agency")
    if not reason.strip():
        raise TransferError("REASON_REQUIRED", "state the reasons for the designation", field="reason")
    async with in_transaction() as connection:
        await _move(connection, transfer, [S.ESCALATED], S.DESIGNATED)
        row.status, row.designated_agency_id, row.designated_by_id = DisputeStatus.DESIGNATED, agency_id, actor.user_id
        row.designated_at, row.designation_reason = now, reason
        await row.save(using_db=connection)
        await _hand_over(connection, transfer, agency_id, now)
        await _event(connection, "designated", transfer, actor, now, agency_id=agency_id, reason=reason)
        if agency_id == transfer.sender_id:  # the materials are with the receiver: they go back
            receipt = await clocks.due("transfer.receipt", now, using_db=connection)
            back = await Transfer.create(
                case_id=transfer.case_id, sender_id=transfer.receiver_id, receiver_id=transfer.sender_id,
                status=S.SENT, reason=f"依指定管辖决定退回:{reason}", decided_at=now, send_deadline=now, sent_at=now,
                receipt_deadline=receipt.at, using_db=connection,
            )  # fmt: skip
            await clocks.keep(receipt, back.id, using_db=connection)
            await _event(connection, "returned", back, actor, now, designated_from=transfer.id)
    return row


async def withdraw(actor: Principal, transfer_id: int, *, reason: str, at: datetime | None = None) -> Transfer:
    """The sender takes a transfer back before the receiver took it; the case is the sender's again."""
    now = _now(at)
    transfer = await _transfer(transfer_id)
    await _require(actor, "withdraw", "transfer", transfer.sender_id, transfer)
    if not reason.strip():
        raise TransferError("REASON_REQUIRED", "say why the transfer is withdrawn", field="reason")
    async with in_transaction() as connection:
        await _move(connection, transfer, [S.DRAFT, S.SENT, S.DISPUTED], S.WITHDRAWN, withdrawn_at=now)
        await (
            Dispute.filter(transfer_id=transfer.id, status=DisputeStatus.NEGOTIATING)
            .using_db(connection)
            .update(status=DisputeStatus.SETTLED)
        )  # withdrawing ends the negotiation
        await Case.filter(id=transfer.case_id).using_db(connection).update(status=CaseStatus.OPEN)
        await _event(connection, "withdrawn", transfer, actor, now, reason=reason)
    return transfer


# R-A4 -------------------------------------------------------------------------------------------------------------


async def file_case(actor: Principal, case_id: int, *, at: datetime | None = None) -> Case:
    """The agency that took the case files it (立案); the decision clock starts: the matter's period, 90 calendar days
    from filing unless a law says otherwise (Law Art 60)."""
    now = _now(at)
    case = await _case(case_id)
    await _require(actor, "file", "case", case.agency_id, case)
    days = (await Matter.get(id=case.matter_id)).decision_days if case.matter_id else None
    async with in_transaction() as connection:
        decision = await clocks.due("case.decision", now, amount=days, using_db=connection)
        deadline = decision.at
        updated = (
            await Case.filter(id=case.id, status=CaseStatus.OPEN, filed_at__isnull=True)
            .using_db(connection)
            .update(status=CaseStatus.FILED, filed_at=now, decision_deadline=deadline)
        )
        if not updated:
            raise TransferError("INVALID_STATE", f"the case is {case.status.value}, not open and unfiled", field="case")
        await clocks.keep(decision, case.id, using_db=connection)
        case.status, case.filed_at, case.decision_deadline = CaseStatus.FILED, now, deadline
        await record_event(
            type="case.filed", subject_type="case", subject_id=case.id, case_id=case.id, audience=[case.agency_id],
            actor_id=actor.user_id, agency_id=actor.agency_id,
            payload={"decision_deadline": deadline.isoformat(), "late": bool(case.filing_deadline and now >
                                                                               case.filing_deadline)},
            using_db=connection,
        )  # fmt: skip
    return case


async def review_evidence(
    actor: Principal, material_id: int, *, adopted: bool, reason: str, at: datetime | None = None
) -> TransferMaterial:
    """R-A4: evidence gathered by the sender may support a penalty once the receiver reviewed it and found it meets
    the requirements; each piece is adopted or not, with a reason."""
    now = _now(at)
    material = await TransferMaterial.get_or_none(id=material_id)
    if material is None:
        raise _missing("material", material_id, "material")
    transfer = await _transfer(material.transfer_id)
    await _require(
        actor,
        "review_evidence",
        "transfer",
        transfer.receiver_id,
        transfer,
        _missing("material", material_id, "material"),
    )
    if transfer.status not in (S.ACCEPTED, S.DESIGNATED) or (await Case.get(id=transfer.case_id)).agency_id != \
            transfer.receiver_id:  # fmt: skip
        raise TransferError("INVALID_STATE", "evidence is reviewed by the receiver once it holds the case")
    if not reason.strip():
        raise TransferError("REASON_REQUIRED", "give the reason for adopting or not", field="reason")
    if material.reviewed_at is not None:
        raise TransferError("ALREADY_REVIEWED", "the material is already reviewed", field="material")
    async with in_transaction() as connection:
        material.adopted, material.review_reason = adopted, reason
        material.reviewed_by_id, material.reviewed_at = actor.user_id, now
        await material.save(using_db=connection)
        await _event(connection, "evidence_reviewed", transfer, actor, now, material=material.seq, adopted=adopted)
    return material


async def ask_sender_for_help(
    actor: Principal, transfer_id: int, *, kind: AssistanceKind, needed: str, at: datetime | None = None
) -> AssistanceRequest:
    """R-A4 with R-D1: the receiver asks the sender for help on the case; the sender must answer."""
    now = _now(at)
    transfer = await _transfer(transfer_id)
    await _require(actor, "request", "assistance", transfer.receiver_id, transfer)
    data = assistance.RequestInput(requester_id=transfer.receiver_id, requested_id=transfer.sender_id, kind=kind,
                                   needed=needed, case_id=transfer.case_id, transfer_id=transfer.id)  # fmt: skip
    try:
        async with in_transaction() as connection:  # the request and the transfer's event commit together
            request = await assistance.request_assistance(actor, data, at=now, connection=connection)
            await _event(connection, "assistance_requested", transfer, actor, now, request=request.number)
    except assistance.AssistanceError as exc:
        raise TransferError(exc.code, str(exc), field=exc.field) from exc
    return request


async def decide_case(actor: Principal, case_id: int, *, summary: str, at: datetime | None = None) -> Case:
    """R-A4: the agency holding the case decides it within the statutory period; a late decision is recorded so."""
    now = _now(at)
    case = await _case(case_id)
    await _require(actor, "decide", "case", case.agency_id, case)
    if case.matter_id is not None and not await is_competent(case.agency_id, case.matter_id, on=now.date()):
        raise TransferError("NOT_COMPETENT", "the matter is outside the agency's powers: it decides only within "
                            "its own (R-C3); transfer the case instead", field="case")  # fmt: skip
    if not summary.strip():
        raise TransferError("REASON_REQUIRED", "summarise the decision", field="summary")
    async with in_transaction() as connection:
        updated = (
            await Case.filter(id=case.id, status=CaseStatus.FILED)
            .using_db(connection)
            .update(status=CaseStatus.DECIDED, decided_at=now, decision_summary=summary)
        )
        if not updated:
            raise TransferError("INVALID_STATE", f"the case is {case.status.value}, not filed", field="case")
        late = bool(case.decision_deadline and now > case.decision_deadline)
        case.status, case.decided_at, case.decision_summary = CaseStatus.DECIDED, now, summary
        await record_event(
            type="case.decided", subject_type="case", subject_id=case.id, case_id=case.id, audience=[case.agency_id],
            actor_id=actor.user_id, agency_id=actor.agency_id, payload={"summary": summary, "late": late},
            using_db=connection,
        )  # fmt: skip
    return case


async def extend_decision(
    actor: Principal, case_id: int, *, days: int, reason: str, at: datetime | None = None
) -> Case:
    """R-A4: the head approves one extension of the decision period, up to the configured maximum (30 days)."""
    now = _now(at)
    case = await _case(case_id)
    await _require(actor, "extend", "case", case.agency_id, case)
    maximum, _ = await time_limit("case.extension")
    if not 1 <= days <= maximum:
        raise TransferError("EXTENSION_TOO_LONG", f"an extension is 1 to {maximum} days", field="days")
    if not reason.strip():
        raise TransferError("REASON_REQUIRED", "state why the period is extended", field="reason")
    async with in_transaction() as connection:
        decision = await clocks.lengthened("case.decision", case.id, days, current=case.decision_deadline,
                                           using_db=connection)  # fmt: skip
        deadline = decision.at if decision else None
        updated = (
            await Case.filter(id=case.id, status__in=[CaseStatus.FILED, CaseStatus.SUSPENDED], extension_days=0)
            .using_db(connection)
            .update(extension_days=days, decision_deadline=deadline)
        )
        if not updated or decision is None:
            raise TransferError("INVALID_STATE", "only a filed case is extended, and only once", field="case")
        await clocks.keep(decision, case.id, using_db=connection)
        case.extension_days, case.decision_deadline = days, deadline
        await _case_event(connection, "case.extended", case, actor, now, days=days, reason=reason)
    return case


async def suspend_case(actor: Principal, case_id: int, *, reason: str, at: datetime | None = None) -> Case:
    """R-A4: the decision clock stops (hearing, testing, expert opinion are not counted)."""
    now = _now(at)
    case = await _case(case_id)
    await _require(actor, "update", "case", case.agency_id, case)
    if not reason.strip():
        raise TransferError("REASON_REQUIRED", "state why the clock stops", field="reason")
    async with in_transaction() as connection:
        updated = (
            await Case.filter(id=case.id, status=CaseStatus.FILED)
            .using_db(connection)
            .update(status=CaseStatus.SUSPENDED, suspended_at=now, suspension_reason=reason)
        )
        if not updated:
            raise TransferError("INVALID_STATE", f"the case is {case.status.value}, not filed", field="case")
        case.status, case.suspended_at, case.suspension_reason = CaseStatus.SUSPENDED, now, reason
        await _case_event(connection, "case.suspended", case, actor, now, reason=reason)
    return case


async def resume_case(actor: Principal, case_id: int, *, at: datetime | None = None) -> Case:
    """R-A4: the clock runs again; the deadline moves by the whole days it stood still."""
    now = _now(at)
    case = await _case(case_id)
    await _require(actor, "update", "case", case.agency_id, case)
    if case.status is not CaseStatus.SUSPENDED or case.suspended_at is None:
        raise TransferError("INVALID_STATE", f"the case is {case.status.value}, not suspended", field="case")
    stopped = (now.astimezone(CHINA).date() - case.suspended_at.astimezone(CHINA).date()).days
    async with in_transaction() as connection:
        decision = await clocks.lengthened("case.decision", case.id, stopped, current=case.decision_deadline,
                                           using_db=connection)  # fmt: skip
        deadline = decision.at if decision else None
        updated = (
            await Case.filter(id=case.id, status=CaseStatus.SUSPENDED)
            .using_db(connection)
            .update(status=CaseStatus.FILED, suspended_at=None, decision_deadline=deadline)
        )
        if not updated:
            raise TransferError("INVALID_STATE", "the case was resumed meanwhile", field="case")
        if decision is not None:
            await clocks.keep(decision, case.id, using_db=connection)
        case.status, case.suspended_at, case.decision_deadline = CaseStatus.FILED, None, deadline
        await _case_event(connection, "case.resumed", case, actor, now, days_stopped=stopped)
    return case


async def _case_event(
    connection: BaseDBAsyncClient, type_: str, case: Case, actor: Principal, at: datetime, **payload: Any
) -> None:
    await record_event(
        type=type_, subject_type="case", subject_id=case.id, case_id=case.id, audience=[case.agency_id],
        actor_id=actor.user_id, agency_id=actor.agency_id,
        payload={"decision_deadline": case.decision_deadline.isoformat() if case.decision_deadline else None,
                 **payload}, occurred_at=at, using_db=connection,
    )  # fmt: skip
