"""The printable documents of a transfer: the transfer letter with its item inventory and materials list
(行政案件移送书, 涉案物品清单, 移送材料清单) and the service receipt (送达回证), as A4 HTML from Jinja2 templates."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from models import Agency, Case, Party, ServiceReceipt, Transfer, TransferItem, TransferMaterial, TransferOfficer, User
from permissions.filters import scope_filter
from permissions.principal import Principal
from procedures.access import read_scope
from procedures.calendar import CHINA

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    enable_async=True,
)
_EVIDENCE_KINDS = {"photo": "照片", "sample": "样品", "record": "笔录", "video": "视频"}


class DocumentKind(StrEnum):
    LETTER = "letter"
    RECEIPT = "receipt"


def document_url(transfer_id: int, kind: DocumentKind) -> str:
    return f"/documents/transfers/{transfer_id}/{kind.value}"


def _chinese_date(moment: datetime | None) -> str:
    if moment is None:
        return "    年  月  日"
    local = moment.astimezone(CHINA)
    return f"{local.year}年{local.month}月{local.day}日"


async def visible_transfer(principal: Principal, transfer_id: int) -> Transfer | None:
    """The transfer when the principal may read it (the same scope as the API's), else None."""
    where = scope_filter("transfer", await read_scope(principal, "transfer"))
    query = Transfer.filter(id=transfer_id)
    return await (query.filter(where) if where is not None else query).first()


async def render(transfer: Transfer, kind: DocumentKind) -> str | None:
    """The document as HTML; None for a receipt not yet issued."""
    if kind is DocumentKind.RECEIPT:
        receipt = await ServiceReceipt.get_or_none(transfer_id=transfer.id)
        if receipt is None:
            return None
        return await _env.get_template("service_receipt.html").render_async(
            receipt=receipt,
            recipient=await Agency.get(id=receipt.recipient_agency_id),
            received_by=await User.get(id=receipt.received_by_id),
            received_on=_chinese_date(receipt.received_at),
        )
    duties = await TransferOfficer.filter(transfer_id=transfer.id).order_by("-is_lead", "id")
    officers = {u.id: u for u in await User.filter(id__in=[d.officer_id for d in duties])}
    ordered = [officers[d.officer_id] for d in duties]
    return await _env.get_template("transfer_letter.html").render_async(
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
        sent_on=_chinese_date(transfer.sent_at),
    )
