"""R-B2: the clue transfer letter (违法线索移送函) that passes a clue on to the competent agency, with its result
once reported. The complainant's contact details are printed only for a reader allowed `clue:read_contact` in an
agency handling the clue, as in the API's `Complainant` fields; any other reader sees that they are withheld."""

from __future__ import annotations

from models import Agency, Clue, Complainant, Matter
from models.enums import ClueChannel
from permissions.authorizer import authorizer
from permissions.principal import Principal
from procedures.documents.common import chinese_date, render_template, visible

LETTER_PATH = "/documents/clues/{id}/letter"

_CHANNELS = {
    ClueChannel.PHONE: "电话",
    ClueChannel.LETTER: "来信",
    ClueChannel.VISIT: "来访",
    ClueChannel.ONLINE: "网络",
    ClueChannel.HOTLINE_12345: "12345热线",
    ClueChannel.OTHER: "其他渠道",
}


def clue_letter_url(clue_id: int) -> str:
    return LETTER_PATH.format(id=clue_id)


def may_read_contact(principal: Principal, clue: Clue) -> bool:
    """The API's check of the complainant's contact fields: `clue:read_contact` in the registering agency or the one
    the clue was passed on to."""
    agencies = [clue.agency_id] + ([clue.forwarded_to_id] if clue.forwarded_to_id else [])
    return any(authorizer.can(principal, "read_contact", "clue", agency_id) for agency_id in agencies)


async def clue_letter(principal: Principal, clue_id: int) -> str | None:
    """The letter as HTML; None when the principal may not read the clue (the scope of the `clues` query) or the clue
    was not passed on (there is no letter)."""
    clue = await visible(principal, "clue", Clue, clue_id)
    if clue is None or clue.forwarded_to_id is None:
        return None
    complainant = await Complainant.get_or_none(id=clue.complainant_id) if clue.complainant_id else None
    return await render_template(
        "clue_letter.html",
        clue=clue,
        sender=await Agency.get(id=clue.agency_id),
        receiver=await Agency.get(id=clue.forwarded_to_id),
        matter=await Matter.get_or_none(id=clue.matter_id) if clue.matter_id else None,
        complainant=complainant,
        show_contact=complainant is not None and may_read_contact(principal, clue),
        channel=_CHANNELS.get(clue.channel, ""),
        received_on=chinese_date(clue.received_at),
        sent_on=chinese_date(clue.forwarded_at),
        result_on=chinese_date(clue.result_at),
    )
