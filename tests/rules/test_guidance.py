"""R-F1: departments guide townships; each addressed agency confirms it read the guidance."""

from __future__ import annotations

import pytest

from models import Agency, Event, GuidanceRead, User
from models.enums import GuidanceKind
from permissions.principal import Principal, user_subject
from procedures import guidance
from procedures.access import AccessDenied


async def actor(username: str) -> Principal:
    user = await User.get(username=username)
    return Principal(subject=user_subject(user.id), agency_id=user.agency_id, user_id=user.id, username=username)


async def test_r_f1_a_department_publishes_a_typical_case_to_townships_which_confirm_reading() -> None:
    """R-F1: guidance documents, typical cases, seminars and trainings, with read confirmations per agency."""
    nph, town = await Agency.get(code="南排河"), await Agency.get(code="黄骅镇")
    title, audience = "销售过期食品典型案例", [nph.id, town.id]
    document = await guidance.publish(await actor("scj_leader"), kind=GuidanceKind.TYPICAL_CASE, title=title,
                                      body="案情与处理", audience_ids=audience)  # fmt: skip
    await guidance.confirm_read(await actor("nph_zhang"), document.id)
    assert await GuidanceRead.filter(document=document).count() == 1
    with pytest.raises(guidance.GuidanceError) as again:
        await guidance.confirm_read(await actor("nph_li"), document.id)
    assert again.value.code == "ALREADY_CONFIRMED"
    with pytest.raises(guidance.GuidanceError, match="no guidance document"):  # not addressed to the county
        await guidance.confirm_read(await actor("zrj_zhou"), document.id)  # department of natural resources
    with pytest.raises(AccessDenied):  # an officer does not publish; a leader does
        await guidance.publish(await actor("scj_liu"), kind=GuidanceKind.SEMINAR, title="x", body="",
                               audience_ids=[nph.id])  # fmt: skip
    types = [e.type for e in await Event.filter(subject_type="guidance", subject_id=document.id).order_by("id")]
    assert types == ["guidance.published", "guidance.read"]


async def test_r_f1_guidance_needs_an_audience() -> None:
    """R-F1: a document addressed to no other agency is refused."""
    with pytest.raises(guidance.GuidanceError) as nobody:
        await guidance.publish(await actor("scj_leader"), kind=GuidanceKind.TRAINING, title="培训", body="",
                               audience_ids=[])  # fmt: skip
    assert nobody.value.code == "NO_AUDIENCE"
