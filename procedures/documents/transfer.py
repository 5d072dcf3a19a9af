"""The printable documents of a transfer (R-A2): the transfer letter with its item inventory and materials list
(行政案件移送书, 涉案物品清单, 移送材料清单) and the service receipt (送达回证)."""

from __future__ import annotations

from enum import StrEnum

from models import Agency, Case, Party, ServiceReceipt, Transfer, TransferItem, TransferMaterial, TransferOfficer, User
from permissions.principal import Principal
from procedures.documents.common import chinese_date, render_template, visible

_EVIDENCE_KINDS = {"photo": "照片", "sample": "样品", "record": "笔录", "video": "视频"}


class DocumentKind(StrEnum):
    LETTER = "letter"
    RECEIPT = "receipt"


LETTER_PATH = "/documents/transfers/{id}/letter"
RECEIPT_PATH = "/documents/transfers/{id}/receipt"
_PATHS = {DocumentKind.LETTER: LETTER_PATH, DocumentKind.RECEIPT: RECEIPT_PATH}


def document_url(transfer_id: int, kind: DocumentKind) -> str:
    return _PATHS[kind].format(id=transfer_id)


async def visible_transfer(principal: Principal, transfer_id: int) -> Transfer | None:
    """The transfer when the principal may read it (the same scope as the API's), else None."""
    return await visible(principal, "transfer", Transfer, transfer_id)


async def transfer_letter(principal: Principal, transfer_id: int) -> str | None:
    """The transfer letter as HTML; None when the transfer is not visible to the principal."""
    transfer = await visible_transfer(principal, transfer_id)
    return await render(transfer, DocumentKind.LETTER) if transfer is not None else None


async def service_receipt(principal: Principal, transfer_id: int) -> str | None:
    """The service receipt as HTML; None when the transfer is not visible or the receipt not yet issued."""
    transfer = await visible_transfer(principal, transfer_id)
    return await render(transfer, DocumentKind.RECEIPT) if transfer is not None else None


async def render(transfer: Transfer, kind: DocumentKind) -> str | None:
    """The document as HTML; None for a receipt not yet issued."""
    if kind is DocumentKind.RECEIPT:
        receipt = await ServiceReceipt.get_or_none(transfer_id=transfer.id)
        if receipt is None:
            return None
        return await render_template(
            "service_receipt.html",
            receipt=receipt,
            recipient=await Agency.get(id=receipt.recipient_agency_id),
            received_by=await User.get(id=receipt.received_by_id),
            received_on=chinese_date(receipt.received_at),
        )
    duties = await TransferOfficer.filter(transfer_id=transfer.id).order_by("-is_lead", "id")
    officers = {u.id: u for u in await User.filter(id__in=[d.officer_id for d in duties])}
    ordered = [officers[d.officer_id] for d in duties]
    return await render_template(
        "transfer_letter.html",
        transfer=transfer,
        case=await Case.get(id=transfer.case_id),
        sender=await Agency.get(id=transfer.sender_id),
        receiver=await Agency.get(id=transfer.receiver_id),
        officers=ordered,
        lead=ordered[0] if ordered else None,
        parties=await Party.filter(case_id=transfer.case_id).order_by("id"),
        items=await TransferItem.filter(transfer_id=transfer.id).order_by("seq"),
        materials=await TransferMaterial.filter(transfer_id=transfer.id).order_by("seq"),
        evidence_kinds=_EVIDENCE_KINDS,
        sent_on=chinese_date(transfer.sent_at),
    )
