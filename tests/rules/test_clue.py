"""R-B2: complaint clues accepted, handled or passed on with a letter, the complainant told, the result fed back."""

from __future__ import annotations

from datetime import datetime

import pytest

from models import Agency, Clue, Event, Matter, User
from models.enums import ClueChannel, ClueStatus, ContactMethod
from permissions.principal import Principal, user_subject
from procedures import clue as procedure
from procedures.access import AccessDenied
from procedures.calendar import CHINA
from tests.conftest import Api, error_codes
from tests.graphql.matrix_world import gid


async def actor(username: str) -> Principal:
    user = await User.get(username=username)
    return Principal(subject=user_subject(user.id), agency_id=user.agency_id, user_id=user.id, username=username)


async def _register(*, anonymous: bool = False, at: datetime | None = None) -> Clue:
    kept = await Matter.get(code="SC-009")
    who = None if anonymous else procedure.ComplainantInput(name="陈先生", phone="13900000000")
    data = procedure.RegisterInput(channel=ClueChannel.HOTLINE_12345, content="某作坊用非食品原料加工海产品",
                                   matter_id=kept.id, complainant=who, received_at=at)  # fmt: skip
    return await procedure.register(await actor("nph_registrar"), data, at=at)


async def test_r_b2_a_complaint_is_registered_promptly_with_its_acceptance_deadline() -> None:
    """R-B2: accepted and registered; acceptance within 7 working days (SAMR complaint rules Art 14)."""
    clue = await _register(at=datetime(2026, 9, 29, 9, tzinfo=CHINA))
    assert clue.status is ClueStatus.REGISTERED and clue.number.startswith("南排河登〔2026〕")
    # 30 Sep, 8 Oct, 9 Oct, the make-up Saturday 10 Oct, 12, 13 and 14 Oct: seven working days
    assert clue.accept_deadline == datetime(2026, 10, 14, 23, 59, 59, tzinfo=CHINA)
    with pytest.raises(AccessDenied):
        await procedure.register(await actor("nph_zhang"), procedure.RegisterInput(channel=ClueChannel.VISIT,
                                                                                    content="x"))  # fmt: skip


async def test_r_b2_outside_its_remit_the_clue_goes_on_with_a_letter_and_the_complainant_is_told() -> None:
    """R-B2: register, send the clue transfer letter to the competent agency, tell the complainant where it went."""
    clue = await procedure.pass_on(await actor("nph_registrar"), (await _register()).id)
    market = await Agency.get(code="黄骅市监")
    assert clue.status is ClueStatus.PASSED_ON and clue.forwarded_to_id == market.id
    assert clue.letter_number and clue.letter_number.startswith("南排河线〔")
    assert clue.complainant_told_method is ContactMethod.SMS and market.name in clue.complainant_told_text
    assert clue.jurisdiction_basis


async def test_r_b2_the_result_comes_back_and_the_complainant_gets_feedback_unless_unreachable() -> None:
    """R-B2: the competent agency reports the result to the sender and the complainant, if there is a contact."""
    named = await procedure.pass_on(await actor("nph_registrar"), (await _register()).id)
    with pytest.raises(AccessDenied):
        await procedure.report_result(await actor("nph_zhang"), named.id, result="x")
    done = await procedure.report_result(await actor("scj_liu"), named.id, result="经查属实,已立案")
    assert done.status is ClueStatus.RESULT_REPORTED and done.feedback_at and done.feedback_method
    events = await Event.filter(subject_type="clue", subject_id=named.id, type="clue.result_reported").first()
    assert events is not None
    audience = {a.agency_id for a in await events.audience.all()}  # type: ignore[attr-defined]
    assert {named.agency_id, named.forwarded_to_id} <= audience  # the sender sees the result
    anonymous = await procedure.pass_on(await actor("nph_registrar"), (await _register(anonymous=True)).id)
    assert anonymous.complainant_told_at is None
    anonymous = await procedure.report_result(await actor("scj_liu"), anonymous.id, result="查无实据")
    assert anonymous.feedback_at is None and anonymous.result_text == "查无实据"


async def test_r_b2_within_its_own_remit_the_agency_handles_it(api: Api) -> None:
    """R-B2: within one's own remit, handle it; passing on to oneself is refused."""
    clue = await _register()
    with pytest.raises(procedure.ClueError) as own:
        await procedure.pass_on(await actor("nph_registrar"), clue.id, receiver_id=clue.agency_id, basis="x")
    assert own.value.code == "SAME_AGENCY"
    body = await api.data("mutation($c: ID!) { handleClue(clue: $c) { clue { status } errors { code } } }",
                          {"c": gid("Clue", clue.id)}, as_user="nph_registrar")  # fmt: skip
    assert body["handleClue"] == {"clue": {"status": "HANDLING"}, "errors": []}
    again = await api.query("mutation($c: ID!) { handleClue(clue: $c) { errors { code } } }",
                            {"c": gid("Clue", clue.id)}, as_user="nph_zhang")  # fmt: skip
    assert error_codes(again) == ["FORBIDDEN"]
