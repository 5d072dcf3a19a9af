"""R-D1: the assistance letter (行政执法协助函) and, once there is one, the asked agency's answer or refusal."""

from __future__ import annotations

from models import Agency, AssistanceRequest, Case, Party, User
from models.enums import AssistanceKind, AssistanceStatus
from permissions.principal import Principal
from procedures.documents.common import chinese_date, render_template, visible

LETTER_PATH = "/documents/assistance/{id}/letter"

_KINDS = {
    AssistanceKind.DOCUMENTS: "调取文书资料",
    AssistanceKind.MATERIALS: "提供证据材料",
    AssistanceKind.INFORMATION: "提供信息",
    AssistanceKind.TECHNICAL_SUPPORT: "技术支持(检验、检测、鉴定等)",
    AssistanceKind.OTHER: "其他",
}
_ANSWERS = {
    AssistanceStatus.PROVIDED: "予以协助",
    AssistanceStatus.PARTLY_PROVIDED: "部分协助",
    AssistanceStatus.REFUSED: "不予协助",
    AssistanceStatus.ESCALATED: "不予协助",
}


def assistance_letter_url(request_id: int) -> str:
    return LETTER_PATH.format(id=request_id)


async def assistance_letter(principal: Principal, request_id: int) -> str | None:
    """The letter as HTML; None when the principal may not read the request (the scope of the `assistanceRequests`
    query)."""
    request = await visible(principal, "assistance", AssistanceRequest, request_id)
    if request is None:
        return None
    case = await Case.get_or_none(id=request.case_id) if request.case_id else None
    parties = await Party.filter(case_id=case.id).order_by("id").values_list("name", flat=True) if case else []
    return await render_template(
        "assistance_letter.html",
        request=request,
        requester=await Agency.get(id=request.requester_id),
        requested=await Agency.get(id=request.requested_id),
        superior=await Agency.get_or_none(id=request.superior_id) if request.superior_id else None,
        case=case,
        parties=parties,
        author=await User.get_or_none(id=request.created_by_id) if request.created_by_id else None,
        replier=await User.get_or_none(id=request.replied_by_id) if request.replied_by_id else None,
        kind=_KINDS.get(request.kind, ""),
        answer=_ANSWERS.get(request.status),
        refused=request.status in (AssistanceStatus.REFUSED, AssistanceStatus.ESCALATED),
        wanted_by=chinese_date(request.wanted_by) if request.wanted_by else "",
        deadline=chinese_date(request.answer_deadline),
        sent_on=chinese_date(request.sent_at),
        replied_on=chinese_date(request.replied_at),
        escalated_on=chinese_date(request.escalated_at),
    )
