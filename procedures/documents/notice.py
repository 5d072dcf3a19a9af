"""R-B1: the notice of a suspected violation (涉嫌违法行为告知函) and, once reported, the receiver's outcome."""

from __future__ import annotations

from models import Agency, Case, Matter, Notice, User
from models.enums import NoticeOutcome
from permissions.principal import Principal
from procedures.documents.common import chinese_date, chinese_time, render_template, visible

LETTER_PATH = "/documents/notices/{id}/letter"

_OUTCOMES = {
    NoticeOutcome.INVESTIGATED: "已调查处理",
    NoticeOutcome.CASE_OPENED: "已立案调查",
    NoticeOutcome.NO_VIOLATION: "经查未发现违法行为",
}


def notice_letter_url(notice_id: int) -> str:
    return LETTER_PATH.format(id=notice_id)


async def notice_letter(principal: Principal, notice_id: int) -> str | None:
    """The notice as HTML; None when the principal may not read it (the scope of the `notices` query)."""
    notice = await visible(principal, "notice", Notice, notice_id)
    if notice is None:
        return None
    return await render_template(
        "notice_letter.html",
        notice=notice,
        sender=await Agency.get(id=notice.sender_id),
        receiver=await Agency.get(id=notice.receiver_id),
        matter=await Matter.get_or_none(id=notice.matter_id) if notice.matter_id else None,
        author=await User.get_or_none(id=notice.created_by_id) if notice.created_by_id else None,
        case=await Case.get_or_none(id=notice.case_id) if notice.case_id else None,
        outcome=_OUTCOMES.get(notice.outcome) if notice.outcome else None,
        found_at=chinese_time(notice.found_at),
        deadline=chinese_date(notice.response_deadline),
        sent_on=chinese_date(notice.sent_at),
        acknowledged_on=chinese_date(notice.acknowledged_at) if notice.acknowledged_at else "",
        reported_on=chinese_date(notice.reported_at),
    )
