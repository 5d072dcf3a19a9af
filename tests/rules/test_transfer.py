"""R-A1 to R-A4: the case transfer procedure, walked through on the seed data across the 2026 National Day holiday."""

from __future__ import annotations

import asyncio
from datetime import datetime
from decimal import Decimal

import pytest

from models import (
    Agency,
    AssistanceRequest,
    Case,
    Dispute,
    Event,
    Jurisdiction,
    Matter,
    Transfer,
    TransferItem,
    TransferMaterial,
    User,
)
from models.enums import AgencyKind, AssistanceKind, CaseStatus, DisputeStatus, EvidenceKeptKind, TransferStatus
from permissions.principal import Principal, user_subject
from procedures import documents
from procedures import transfer as procedure
from procedures.access import AccessDenied
from procedures.calendar import CHINA

Z = CHINA


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=Z)


def end_of(month: int, day: int, year: int = 2026) -> datetime:
    return datetime(year, month, day, 23, 59, 59, tzinfo=Z)


async def actor(username: str) -> Principal:
    user = await User.get(username=username)
    return Principal(subject=user_subject(user.id), agency_id=user.agency_id, user_id=user.id, username=username)


async def _officer_ids(*usernames: str) -> list[int]:
    return [(await User.get(username=u)).id for u in usernames]


async def _new_case(number: str, *, kept_by_market: bool = True) -> Case:
    """A case Nanpaihe opened on patrol, of a matter the market bureau keeps (so the catalog proposes the bureau)."""
    nph, market = await Agency.get(code="南排河"), await Agency.get(code="黄骅市监")
    delegated: set[object] = set(
        await Jurisdiction.filter(territory_id__isnull=False).values_list("matter_id", flat=True)
    )
    matters = await Matter.filter(department=market).order_by("code")
    matter = next(m for m in matters if (m.id not in delegated) is kept_by_market)
    return await Case.create(number=number, title="无证经营冷冻海产品", agency=nph, territory=nph, matter=matter,
                             discovered_at=at(9, 28))  # fmt: skip


def _start(case: Case, officers: list[int], **changes: object) -> procedure.StartInput:
    values: dict[str, object] = {
        "case_id": case.id, "officer_ids": officers, "reason": "依据赋权事项目录,该事项由市场监管局管辖",
        "investigation_summary": "现场查获冷冻海产品 35 千克,无食品经营许可证。",
        "items": [procedure.ItemInput(name="冷冻海产品", quantity="35 千克", perishable=True, storage_place="冷库"),
                  procedure.ItemInput(name="销售台账", quantity="1 本")],
        "materials": [procedure.MaterialInput(name="现场检查笔录"), procedure.MaterialInput(name="询问笔录"),
                      procedure.MaterialInput(name="营业执照复印件", is_original=False,
                                              copy_reason="原件由当事人保管")],
        **changes,
    }  # fmt: skip
    return procedure.StartInput(**values)  # type: ignore[arg-type]


async def test_r_a1_the_catalog_proposes_the_competent_department_and_explains_why() -> None:
    """R-A1: a township's case of a matter the county department keeps goes to that department."""
    case = await _new_case("R-A1-1")
    officers = await _officer_ids("nph_zhang", "nph_li")
    transfer = await procedure.start_transfer(await actor("nph_zhang"), _start(case, officers), at=at(9, 29))
    market = await Agency.get(code="黄骅市监")
    assert transfer.receiver_id == transfer.proposed_receiver_id == market.id
    started = await Event.get(type="transfer.started", subject_id=transfer.id)
    assert "黄骅市市场监督管理局" in started.payload["explanation"] and "法律依据" in started.payload["explanation"]
    assert (await Case.get(id=case.id)).status is CaseStatus.TRANSFERRING


async def test_r_a1_both_directions_a_department_hands_a_delegated_matter_to_the_township() -> None:
    """R-A1: a county department's case of a delegated matter goes to the township whose territory it is."""
    nph, market = await Agency.get(code="南排河"), await Agency.get(code="黄骅市监")
    delegated = await _new_case("R-A1-2", kept_by_market=False)
    await Case.filter(id=delegated.id).update(agency_id=market.id)
    officers = await _officer_ids("scj_liu", "scj_chen")
    transfer = await procedure.start_transfer(await actor("scj_liu"), _start(delegated, officers), at=at(9, 29))
    assert transfer.receiver_id == nph.id


async def test_r_a1_another_receiver_needs_a_reason_and_a_case_has_one_transfer_in_progress() -> None:
    """R-A1: choosing another receiver than the proposed one takes a reason; at most one transfer per case runs."""
    case = await _new_case("R-A1-3")
    officers = await _officer_ids("nph_zhang", "nph_li")
    resources = await Agency.get(code="黄骅自规")
    zhang = await actor("nph_zhang")
    with pytest.raises(procedure.TransferError) as refused:
        await procedure.start_transfer(zhang, _start(case, officers, receiver_id=resources.id))
    assert refused.value.code == "RECEIVER_REASON_REQUIRED"
    await procedure.start_transfer(zhang, _start(case, officers, receiver_id=resources.id, receiver_reason="涉及用地"))
    with pytest.raises(procedure.TransferError) as again:
        await procedure.start_transfer(zhang, _start(case, officers))
    assert again.value.code == "TRANSFER_IN_PROGRESS"


@pytest.mark.parametrize(
    ("officers", "code"),
    [(("nph_zhang",), "NOT_ENOUGH_OFFICERS"), (("nph_zhang", "nph_zhang"), "NOT_ENOUGH_OFFICERS"),
     (("nph_zhang", "scj_liu"), "OFFICER_NOT_OF_SENDER"), (("nph_zhang", "nph_registrar"), "OFFICER_NOT_CERTIFIED")],
)  # fmt: skip
async def test_r_a2_a_transfer_with_one_officer_or_a_foreign_or_uncertified_one_is_refused(
    officers: tuple[str, ...], code: str
) -> None:
    """R-A2: two or more certified officers of the sender; nothing is written when refused."""
    case = await _new_case(f"R-A2-{code}-{len(officers)}-{officers[-1]}")
    before = await Transfer.all().count()
    with pytest.raises(procedure.TransferError) as refused:
        await procedure.start_transfer(await actor("nph_zhang"), _start(case, await _officer_ids(*officers)))
    assert refused.value.code == code
    assert await Transfer.all().count() == before
    assert (await Case.get(id=case.id)).status is CaseStatus.OPEN


async def test_r_a2_an_inactive_officer_and_a_copy_without_reason_are_refused() -> None:
    """R-A2: officers must be active; evidence goes as originals unless a reason is given."""
    case = await _new_case("R-A2-inactive")
    inactive = await User.create(username="nph_retired", display_name="退休", agency=await Agency.get(code="南排河"),
                                 password_hash="x", certificate_no="13098309999", is_active=False)  # fmt: skip
    zhang = await actor("nph_zhang")
    with pytest.raises(procedure.TransferError) as refused:
        await procedure.start_transfer(zhang, _start(case, [*await _officer_ids("nph_zhang"), inactive.id]))
    assert refused.value.code == "OFFICER_INACTIVE"
    copy = procedure.MaterialInput(name="检验报告", is_original=False)
    with pytest.raises(procedure.TransferError) as original:
        await procedure.start_transfer(zhang, _start(case, await _officer_ids("nph_zhang", "nph_li"), materials=[copy]))
    assert original.value.code == "ORIGINAL_REQUIRED" and original.value.field == "materials.0.copyReason"


async def test_r_a2_a_perishable_item_is_disposed_of_only_after_its_evidence_was_kept() -> None:
    """R-A2: disposal of a perishable item needs an evidence-retained record first; a durable item is not disposed."""
    case = await _new_case("R-A2-perishable")
    zhang = await actor("nph_zhang")
    transfer = await procedure.start_transfer(zhang, _start(case, await _officer_ids("nph_zhang", "nph_li")))
    fish, ledger = await TransferItem.filter(transfer=transfer).order_by("seq")
    with pytest.raises(procedure.TransferError) as early:
        await procedure.dispose_item(zhang, fish.id, method="依法变卖")
    assert early.value.code == "EVIDENCE_NOT_KEPT"
    with pytest.raises(procedure.TransferError) as durable:
        await procedure.dispose_item(zhang, ledger.id, method="销毁")
    assert durable.value.code == "NOT_PERISHABLE"
    await procedure.record_evidence_kept(zhang, fish.id, kind=EvidenceKeptKind.SAMPLE, note="抽样 2 份封存")
    done = await procedure.dispose_item(zhang, fish.id, method="依法变卖", proceeds=Decimal("1260.00"))
    assert done.disposed_at is not None and done.disposal_proceeds == Decimal("1260.00")
    assert done.evidence_kept_by_id == zhang.user_id


async def test_r_a2_only_a_leader_of_the_sender_sends_and_only_the_receiver_confirms() -> None:
    """R-A2: a leader approves and sends; the receiver's officer confirms receipt and gets the service receipt."""
    case = await _new_case("R-A2-roles")
    transfer = await procedure.start_transfer(
        await actor("nph_zhang"), _start(case, await _officer_ids("nph_zhang", "nph_li"))
    )
    with pytest.raises(AccessDenied):
        await procedure.send(await actor("nph_zhang"), transfer.id)
    sent = await procedure.send(await actor("nph_leader"), transfer.id, at=at(9, 30, 16))
    assert sent.document_number and sent.document_number.startswith("南排河移〔2026〕")
    with pytest.raises(AccessDenied):
        await procedure.confirm_receipt(await actor("nph_li"), transfer.id, procedure.ReceiptInput(place="x"))
    receipt = procedure.ReceiptInput(place="市场监管局收文室", witness="陈静")
    received = await procedure.confirm_receipt(await actor("scj_liu"), transfer.id, receipt)
    assert received.status is TransferStatus.RECEIVED


async def test_r_a3_two_receivers_accepting_at_once_give_one_success_and_one_invalid_state() -> None:
    """R-A3: a conditional update decides between concurrent officers (on PostgreSQL two pool connections at once;
    SQLite serialises the writes, and the answer must be the same)."""
    case = await _new_case("R-A3-race")
    transfer = await procedure.start_transfer(
        await actor("nph_zhang"), _start(case, await _officer_ids("nph_zhang", "nph_li"))
    )
    await procedure.send(await actor("nph_leader"), transfer.id)
    await procedure.confirm_receipt(await actor("scj_liu"), transfer.id, procedure.ReceiptInput(place="收文室"))
    results = await asyncio.gather(
        procedure.accept(await actor("scj_liu"), transfer.id),
        procedure.accept(await actor("scj_chen"), transfer.id),
        return_exceptions=True,
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], procedure.TransferError) and errors[0].code == "INVALID_STATE"
    assert await Event.filter(type="transfer.accepted", subject_id=transfer.id).count() == 1


async def test_r_a_scenario_across_the_national_day_holiday() -> None:
    """R-A1 to R-A4: Nanpaihe transfers to the market bureau, which disputes; the negotiation fails, the justice
    bureau designates the bureau, which files, reviews and adopts the evidence, asks the town for help, and decides.
    Every deadline is counted in working days over 1–7 October 2026 and the make-up Saturday 10 October."""
    case = await _new_case("R-A-scenario")
    zhang, leader = await actor("nph_zhang"), await actor("nph_leader")
    liu, scj_leader, justice = await actor("scj_liu"), await actor("scj_leader"), await actor("sfj_supervisor")
    market, bureau = await Agency.get(code="黄骅市监"), await Agency.get(name="黄骅市司法局")

    transfer = await procedure.start_transfer(zhang, _start(case, await _officer_ids("nph_zhang", "nph_li")),
                                              at=at(9, 29))  # fmt: skip
    assert transfer.send_deadline == end_of(10, 9)  # 30 Sep, then 8 and 9 Oct: three working days
    fish = await TransferItem.get(transfer=transfer, seq=1)
    await procedure.record_evidence_kept(
        zhang, fish.id, kind=EvidenceKeptKind.PHOTO, note="拍照 16 张", at=at(9, 29, 11)
    )
    await procedure.dispose_item(zhang, fish.id, method="依法变卖", proceeds=Decimal("1260"), at=at(9, 29, 15))

    transfer = await procedure.send(leader, transfer.id, at=at(9, 30, 16))
    assert transfer.receipt_deadline == end_of(10, 9)  # two working days: 8 and 9 October
    transfer = await procedure.confirm_receipt(
        liu, transfer.id, procedure.ReceiptInput(place="市场监管局"), at=at(10, 8, 9)
    )
    assert transfer.accept_deadline == end_of(10, 14)  # 9, 10 (make-up Saturday), 12, 13, 14 October

    dispute = await procedure.dispute(liu, transfer.id, reason="属已赋权乡镇的事项", at=at(10, 9))
    assert dispute.negotiation_deadline == end_of(10, 19)  # seven working days from 10 October
    await procedure.negotiate(zhang, dispute.id, body="涉及检测,乡镇无条件办理", at=at(10, 12))
    dispute = await procedure.escalate(scj_leader, dispute.id, at=at(10, 20))
    assert dispute.status is DisputeStatus.ESCALATED and dispute.superior_id == bureau.id  # the government's office
    with pytest.raises(procedure.TransferError) as wrong:
        await procedure.designate(await actor("admin"), dispute.id, agency_id=market.id, reason="x")
    assert wrong.value.code == "NOT_THE_SUPERIOR"
    await procedure.designate(justice, dispute.id, agency_id=market.id, reason="需专业检测,指定市场监管局管辖",
                              at=at(10, 22))  # fmt: skip
    case = await Case.get(id=case.id)
    assert case.agency_id == market.id and case.filing_deadline == end_of(11, 12)  # fifteen working days

    case = await procedure.file_case(liu, case.id, at=at(10, 23))
    assert case.decision_deadline == end_of(1, 21, 2027)  # ninety calendar days (Law Art 60)
    for material in await TransferMaterial.filter(transfer=transfer).order_by("seq"):
        await procedure.review_evidence(liu, material.id, adopted=material.is_original,
                                        reason="原件,符合要求" if material.is_original else "复印件,不予采信",
                                        at=at(10, 26))  # fmt: skip
    adopted = await TransferMaterial.filter(transfer=transfer, adopted=True).count()
    assert adopted == 2
    needed = "请提供当事人经营场所现场照片原件"
    kind = AssistanceKind.DOCUMENTS
    help_request = await procedure.ask_sender_for_help(liu, transfer.id, kind=kind, needed=needed, at=at(10, 27))
    assert await AssistanceRequest.filter(id=help_request.id, requested=await Agency.get(code="南排河")).exists()
    case = await procedure.decide_case(liu, case.id, summary="没收违法所得,罚款五万元", at=at(12, 10))
    assert case.status is CaseStatus.DECIDED

    timeline = [e.type for e in await Event.filter(case_id=case.id).order_by("id")]
    assert timeline == [
        "transfer.started", "transfer.evidence_kept", "transfer.item_disposed", "transfer.sent", "transfer.received",
        "transfer.disputed", "transfer.negotiated", "transfer.escalated", "transfer.designated", "case.filed",
        "transfer.evidence_reviewed", "transfer.evidence_reviewed", "transfer.evidence_reviewed",
        "assistance.requested", "transfer.assistance_requested", "case.decided",
    ]  # fmt: skip
    assert (await Event.get(case_id=case.id, type="case.decided")).payload["late"] is False
    letter = await documents.render(transfer, documents.DocumentKind.LETTER)
    receipt = await documents.render(transfer, documents.DocumentKind.RECEIPT)
    assert letter is not None and receipt is not None
    for text in (
        transfer.document_number,
        case.number,
        "南排河镇人民政府",
        "黄骅市市场监督管理局",
        "张伟",
        "李娜",
        "冷冻海产品",
        "已先行处置:依法变卖",
        "现场检查笔录",
        "复印件",
        "原件由当事人保管",
        "2026年9月30日",
    ):
        assert text and text in letter, text  # fmt: skip
    assert "〔2026〕" in letter and "【" not in letter
    for text in ("送达回证", transfer.document_number, "市场监管局", "直接送达", "刘洋", "2026年10月8日"):
        assert text and text in receipt, text
    assert (await Agency.get(id=market.id)).kind is AgencyKind.COUNTY_DEPARTMENT


async def test_r_a3_designating_the_sender_sends_the_materials_back() -> None:
    """R-A3: when the superior designates the sender, the case stays there and a return transfer is created."""
    case = await _new_case("R-A3-back")
    transfer = await procedure.start_transfer(
        await actor("nph_zhang"), _start(case, await _officer_ids("nph_zhang", "nph_li"))
    )
    await procedure.send(await actor("nph_leader"), transfer.id)
    await procedure.confirm_receipt(await actor("scj_liu"), transfer.id, procedure.ReceiptInput(place="收文室"))
    dispute = await procedure.dispute(await actor("scj_liu"), transfer.id, reason="应由乡镇管辖")
    await procedure.escalate(await actor("nph_leader"), dispute.id)
    await procedure.designate(
        await actor("sfj_supervisor"), dispute.id, agency_id=transfer.sender_id, reason="属地管辖"
    )
    back = await Transfer.get(case_id=case.id, sender_id=transfer.receiver_id)
    assert back.receiver_id == transfer.sender_id and back.status is TransferStatus.SENT
    assert (await Case.get(id=case.id)).agency_id == transfer.sender_id


async def test_r_a4_the_decision_period_is_extended_once_and_stops_while_suspended() -> None:
    """R-A4: 90 days from filing; one approved extension of at most 30 days; suspended days are not counted."""
    case = await _new_case("R-A4-clock")
    liu, leader = await actor("nph_zhang"), await actor("nph_leader")
    case = await procedure.file_case(liu, case.id, at=at(10, 23))
    assert case.decision_deadline == end_of(1, 21, 2027)
    with pytest.raises(AccessDenied):
        await procedure.extend_decision(liu, case.id, days=10, reason="案情复杂")
    with pytest.raises(procedure.TransferError) as too_long:
        await procedure.extend_decision(leader, case.id, days=31, reason="案情复杂")
    assert too_long.value.code == "EXTENSION_TOO_LONG"
    case = await procedure.extend_decision(leader, case.id, days=30, reason="案情复杂,经负责人批准", at=at(11, 1))
    assert case.decision_deadline == end_of(2, 22, 2027)  # the 120th day is Saturday 20 February (Civil Code Art 203)
    with pytest.raises(procedure.TransferError) as twice:
        await procedure.extend_decision(leader, case.id, days=5, reason="再次延长")
    assert twice.value.code == "INVALID_STATE"
    await procedure.suspend_case(liu, case.id, reason="送检", at=at(11, 10))
    case = await procedure.resume_case(liu, case.id, at=at(11, 24))
    # Fourteen days of testing are not counted: the 134th day is Saturday 6 March, so Monday 8 March.
    assert case.decision_deadline == end_of(3, 8, 2027)
    assert case.status is CaseStatus.FILED and case.extension_days == 30
    types = [e.type for e in await Event.filter(case_id=case.id).order_by("id")]
    assert types == ["case.filed", "case.extended", "case.suspended", "case.resumed"]


async def test_r_a2_an_urgent_transfer_is_due_within_24_hours_and_a_normal_one_in_3_working_days() -> None:
    """R-A2 time limits (DOMAIN.md): 3 working days from the decision to transfer, 24 hours when urgent."""
    officers = await _officer_ids("nph_zhang", "nph_li")
    zhang = await actor("nph_zhang")
    urgent = await procedure.start_transfer(zhang, _start(await _new_case("R-A2-urgent"), officers, urgent=True),
                                            at=at(10, 1, 9))  # fmt: skip
    assert urgent.send_deadline == at(10, 2, 9)  # hours run through the holiday
    normal = await procedure.start_transfer(zhang, _start(await _new_case("R-A2-normal"), officers), at=at(10, 1, 9))
    assert normal.send_deadline == end_of(10, 10)  # 8, 9 and the make-up Saturday 10 October


async def test_r_a3_withdrawing_a_disputed_transfer_ends_the_negotiation() -> None:
    """R-A3: the sender may take a disputed transfer back; the negotiation is then settled, the case its own again."""
    case = await _new_case("R-A3-withdraw")
    zhang, leader = await actor("nph_zhang"), await actor("nph_leader")
    transfer = await procedure.start_transfer(zhang, _start(case, await _officer_ids("nph_zhang", "nph_li")))
    await procedure.send(leader, transfer.id)
    await procedure.confirm_receipt(await actor("scj_liu"), transfer.id, procedure.ReceiptInput(place="收文室"))
    row = await procedure.dispute(await actor("scj_liu"), transfer.id, reason="应由乡镇管辖")
    await procedure.withdraw(leader, transfer.id, reason="协商一致,由本镇办理")
    assert (await Dispute.get(id=row.id)).status is DisputeStatus.SETTLED
    assert (await Case.get(id=case.id)).status is CaseStatus.OPEN
    with pytest.raises(procedure.TransferError) as closed:
        await procedure.negotiate(zhang, row.id, body="再议")
    assert closed.value.code == "INVALID_STATE"
