"""Demo records in every state: cases, transfers (with items, materials, receipts, disputes), notices, clues,
assistance requests, a consultation, a joint plan, guidance and shared resources, each with its events.

They are written directly, as history, dated relative to today so that deadlines and overdue flags look real.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from events.outbox import record_event
from models import (
    Agency,
    AssistanceRequest,
    CalendarDay,
    Case,
    CatalogEntry,
    Clue,
    Complainant,
    Consultation,
    ConsultationParticipant,
    Dispute,
    DisputeMessage,
    GuidanceAudience,
    GuidanceDocument,
    GuidanceRead,
    JointFinding,
    JointPlan,
    JointPlanUnit,
    Jurisdiction,
    Matter,
    Notice,
    Party,
    Resolution,
    ServiceReceipt,
    SharedResource,
    SharingAccessRequest,
    Transfer,
    TransferItem,
    TransferMaterial,
    TransferOfficer,
    User,
)
from models.enums import (
    AssistanceKind,
    AssistanceStatus,
    CaseSource,
    CaseStatus,
    ClueChannel,
    ClueStatus,
    ConsultationKind,
    ConsultationStatus,
    ContactMethod,
    DayKind,
    DisputeStatus,
    EvidenceKeptKind,
    GuidanceKind,
    JointPlanStatus,
    NoticeOutcome,
    NoticeStatus,
    PartyKind,
    Sex,
    SharingType,
    TransferStatus,
)
from procedures import clocks, numbering
from seeds.people import AGRICULTURE, CITY, HUANGHUA_TOWN, JUSTICE, MARKET, NANPAIHE, RESOURCES

YEAR = 2026


@dataclass
class _World:
    now: datetime
    agencies: dict[str, Agency]
    users: dict[str, User]

    def ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    async def due(self, key: str, start: datetime, amount: int | None = None) -> clocks.Due:
        return await clocks.due(key, start, amount=amount)


async def _matter(department: Agency, *, delegated: bool) -> Matter:
    """A matter of the department that is (or is not) delegated to townships."""
    delegated_ids: set[object] = set(
        await Jurisdiction.filter(matter__department_id=department.id, territory_id__isnull=False).values_list(
            "matter_id", flat=True
        )
    )
    matters = await Matter.filter(department_id=department.id).order_by("code")
    return next((m for m in matters if (m.id in delegated_ids) == delegated), matters[0])


async def _event(
    world: _World, type_: str, subject: Any, actor: User | None, audience: list[Agency], at: datetime, **payload: Any
) -> None:
    await record_event(
        type=type_,
        subject_type=type(subject).__name__.lower(),
        subject_id=subject.id,
        actor_id=actor.id if actor else None,
        agency_id=actor.agency_id if actor else None,
        case_id=subject.id if isinstance(subject, Case) else getattr(subject, "case_id", None),
        audience=[a.id for a in audience],
        payload=payload,
        occurred_at=at,
    )


async def _case(
    world: _World,
    *,
    agency: Agency,
    matter: Matter,
    title: str,
    facts: str,
    party: dict[str, Any],
    opened_by: User,
    discovered_days_ago: float,
    status: CaseStatus = CaseStatus.OPEN,
    source: CaseSource = CaseSource.PATROL,
    territory: Agency | None = None,
) -> Case:
    discovered = world.ago(discovered_days_ago)
    filing = await world.due("case.filing", discovered)
    case = await Case.create(
        number=await numbering.issue_number(agency, numbering.CASE, YEAR),
        title=title,
        matter_id=matter.id,
        agency_id=agency.id,
        territory_id=(territory or agency).id
        if (territory or agency).kind.value in ("township", "sub_district")
        else None,
        source=source,
        status=status,
        facts=facts,
        opened_by_id=opened_by.id,
        discovered_at=discovered,
        filing_deadline=filing.at,
    )
    await clocks.keep(filing, case.id)
    await Party.create(case_id=case.id, **party)
    await _event(world, "case.opened", case, opened_by, [agency], discovered, number=case.number)
    return case


async def _file(world: _World, case: Case, agency: Agency, by: User, filed_days_ago: float) -> None:
    filed = world.ago(filed_days_ago)
    matter = await Matter.get(id=case.matter_id)
    case.agency_id = agency.id
    case.status = CaseStatus.FILED
    case.filed_at = filed
    decision = await world.due("case.decision", filed, matter.decision_days)
    case.decision_deadline = decision.at
    await case.save()
    await clocks.keep(decision, case.id)
    await _event(world, "case.filed", case, by, [agency], filed, decision_deadline=case.decision_deadline.isoformat())


async def _transfer(
    world: _World,
    case: Case,
    *,
    sender: Agency,
    receiver: Agency,
    officers: list[User],
    leader: User,
    status: TransferStatus,
    decided_days_ago: float,
    reason: str,
    perishable: bool = False,
    receiver_user: User | None = None,
) -> Transfer:
    decided = world.ago(decided_days_ago)
    send = await world.due("transfer.send", decided)
    transfer = await Transfer.create(
        case_id=case.id,
        sender_id=sender.id,
        receiver_id=receiver.id,
        proposed_receiver_id=receiver.id,
        status=TransferStatus.DRAFT,
        reason=reason,
        investigation_summary=f"经现场检查、询问当事人,{case.title}事实基本清楚,依法应由{receiver.name}管辖。",
        created_by_id=officers[0].id,
        decided_at=decided,
        send_deadline=send.at,
    )
    await clocks.keep(send, transfer.id)
    for index, officer in enumerate(officers):
        await TransferOfficer.create(transfer_id=transfer.id, officer_id=officer.id, is_lead=index == 0)
    await TransferItem.create(
        transfer_id=transfer.id,
        seq=1,
        name="涉案产品",
        quantity="12 箱",
        features="外包装无中文标签",
        storage_place=f"{sender.name}物证保管室",
    )
    if perishable:
        await TransferItem.create(
            transfer_id=transfer.id,
            seq=2,
            name="冷冻海产品",
            quantity="35 千克",
            features="易腐烂变质",
            storage_place="南排河镇冷库",
            perishable=True,
            evidence_kept_kind=EvidenceKeptKind.PHOTO,
            evidence_kept_note="拍照 16 张、抽样 2 份封存",
            evidence_kept_by_id=officers[0].id,
            evidence_kept_at=decided + timedelta(hours=2),
            disposal_method="依法变卖",
            disposed_at=decided + timedelta(hours=6),
            disposal_proceeds=Decimal("1260.00"),
            disposal_note="变卖款存入专户",
        )
    for seq, (name, is_evidence) in enumerate(
        [("现场检查笔录", True), ("询问笔录", True), ("现场照片", True), ("立案审批表", False)], start=1
    ):
        await TransferMaterial.create(
            transfer_id=transfer.id,
            seq=seq,
            name=name,
            specification="A4",
            quantity=1 if seq != 3 else 16,
            is_evidence=is_evidence,
            is_original=True,
        )
    audience = [sender, receiver]
    await _event(world, "transfer.drafted", transfer, officers[0], audience, decided, receiver=receiver.name)
    case.status = CaseStatus.TRANSFERRING
    await case.save(update_fields=["status"])
    if status is TransferStatus.DRAFT:
        return transfer

    sent = decided + timedelta(days=1)
    transfer.status = TransferStatus.SENT
    transfer.document_number = await numbering.issue_number(sender, numbering.TRANSFER_LETTER, YEAR)
    transfer.approved_by_id = leader.id
    transfer.sent_at = sent
    receipt = await world.due("transfer.receipt", sent)
    transfer.receipt_deadline = receipt.at
    await transfer.save()
    await clocks.keep(receipt, transfer.id)
    await _event(world, "transfer.sent", transfer, leader, audience, sent, document_number=transfer.document_number)
    if status is TransferStatus.SENT:
        return transfer

    assert receiver_user is not None
    received = sent + timedelta(days=1)
    transfer.status = TransferStatus.RECEIVED
    transfer.received_at = received
    acceptance = await world.due("transfer.accept", received)
    transfer.accept_deadline = acceptance.at
    await transfer.save()
    await clocks.keep(acceptance, transfer.id)
    await ServiceReceipt.create(
        transfer_id=transfer.id,
        document_number=transfer.document_number,
        recipient_agency_id=receiver.id,
        received_by_id=receiver_user.id,
        received_at=received,
        place=receiver.address or receiver.name,
        method="直接送达",
        server_name=officers[0].display_name,
        witness=officers[1].display_name,
    )
    await _event(world, "transfer.received", transfer, receiver_user, audience, received)
    if status is TransferStatus.RECEIVED:
        return transfer

    decided_on = received + timedelta(days=1)
    if status is TransferStatus.ACCEPTED:
        transfer.status = TransferStatus.ACCEPTED
        transfer.accepted_at = decided_on
        await transfer.save()
        await _event(world, "transfer.accepted", transfer, receiver_user, audience, decided_on)
        await _file(world, case, receiver, receiver_user, decided_days_ago - 3)
        return transfer

    negotiation = await world.due("dispute.negotiation", decided_on)
    dispute = await Dispute.create(
        transfer_id=transfer.id,
        raised_by_id=receiver_user.id,
        reason="该行为属于已赋权乡镇的处罚事项,应由属地乡镇管辖。",
        negotiation_deadline=negotiation.at,
    )
    await clocks.keep(negotiation, dispute.id)
    await DisputeMessage.create(
        dispute_id=dispute.id,
        agency_id=receiver.id,
        author_id=receiver_user.id,
        body="依据赋权事项目录,本案属乡镇管辖范围。",
    )
    await DisputeMessage.create(
        dispute_id=dispute.id,
        agency_id=sender.id,
        author_id=leader.id,
        body="本案涉及专业检测,乡镇不具备条件,应由部门管辖。",
    )
    transfer.status = TransferStatus.DISPUTED
    await transfer.save()
    await _event(world, "transfer.disputed", transfer, receiver_user, audience, decided_on, reason=dispute.reason)
    if status is TransferStatus.DISPUTED:
        return transfer

    superior = world.agencies[JUSTICE]
    escalated = decided_on + timedelta(days=8)
    dispute.status = DisputeStatus.ESCALATED
    dispute.superior_id = superior.id
    dispute.escalated_at = escalated
    await dispute.save()
    transfer.status = TransferStatus.ESCALATED
    await transfer.save()
    await _event(world, "dispute.escalated", transfer, leader, [*audience, superior], escalated)
    if status is TransferStatus.ESCALATED:
        return transfer

    supervisor = world.users["sfj_supervisor"]
    designated = escalated + timedelta(days=2)
    dispute.status = DisputeStatus.DESIGNATED
    dispute.designated_agency_id = receiver.id
    dispute.designated_by_id = supervisor.id
    dispute.designated_at = designated
    dispute.designation_reason = "该案需专业检测鉴定,指定由接收部门管辖。"
    await dispute.save()
    transfer.status = TransferStatus.DESIGNATED
    await transfer.save()
    await _event(
        world,
        "dispute.designated",
        transfer,
        supervisor,
        [*audience, superior],
        designated,
        designated_agency=receiver.name,
    )
    await _file(world, case, receiver, receiver_user, decided_days_ago - 12)
    return transfer


def _person(name: str, sex: Sex, age: int, id_number: str) -> dict[str, Any]:
    return {
        "kind": PartyKind.PERSON,
        "name": name,
        "sex": sex,
        "age": age,
        "id_number": id_number,
        "address": "河北省黄骅市南排河镇",
        "phone": "138" + id_number[-8:],
    }


def _organisation(name: str, credit_code: str, representative: str) -> dict[str, Any]:
    return {
        "kind": PartyKind.ORGANISATION,
        "name": name,
        "credit_code": credit_code,
        "legal_representative": representative,
        "address": "河北省黄骅市",
        "phone": "0317-5321000",
    }


async def load_demo(agencies_by_code: dict[str, Agency], users: dict[str, User]) -> bool:
    """Create the demo records once; False when they are already there."""
    if await Case.exists():
        return False
    agencies = {a.name: a for a in agencies_by_code.values()}
    world = _World(now=datetime.now(UTC), agencies=agencies, users=users)
    nph, town, market = agencies[NANPAIHE], agencies[HUANGHUA_TOWN], agencies[MARKET]
    resources, agriculture, city = agencies[RESOURCES], agencies[AGRICULTURE], agencies[CITY]
    zhang, li, nph_leader = users["nph_zhang"], users["nph_li"], users["nph_leader"]
    liu, chen, scj_leader = users["scj_liu"], users["scj_chen"], users["scj_leader"]
    zhou, zrj_leader = users["zrj_zhou"], users["zrj_leader"]

    # A local exception above the State Council's notice, as administrators record them (a typhoon closure).
    await CalendarDay.get_or_create(
        date=date(YEAR, 7, 29), defaults={"kind": DayKind.HOLIDAY, "name": "台风停工(黄骅市防汛抗旱指挥部通知)"}
    )

    kept_market = await _matter(market, delegated=False)
    delegated_market = await _matter(market, delegated=True)
    kept_resources = await _matter(resources, delegated=False)
    delegated_agri = await _matter(agriculture, delegated=True)

    # Cases of Nanpaihe in every transfer state, towards the market bureau and natural resources.
    await _case(
        world,
        agency=nph,
        matter=delegated_market,
        title="某商店销售过期食品",
        facts="巡查发现货架上有过期食品 6 件。",
        party=_person("刘某", Sex.MALE, 46, "130983198001011234"),
        opened_by=zhang,
        discovered_days_ago=3,
    )
    plan = [
        ("某冷冻品经营部无证经营冷冻海产品", TransferStatus.DRAFT, 1, market, liu, scj_leader, False),
        ("某超市销售无中文标签进口食品", TransferStatus.SENT, 6, market, liu, scj_leader, True),
        ("某餐馆使用不合格餐具", TransferStatus.RECEIVED, 9, market, chen, scj_leader, False),
        ("某公司生产标签不符合规定的预包装食品", TransferStatus.ACCEPTED, 30, market, liu, scj_leader, True),
        ("某村民非法占用耕地建房", TransferStatus.DISPUTED, 12, resources, zhou, zrj_leader, False),
        ("某企业未经批准占用土地堆放物料", TransferStatus.ESCALATED, 25, resources, zhou, zrj_leader, False),
        ("某养殖场非法占用滩涂", TransferStatus.DESIGNATED, 40, resources, zhou, zrj_leader, False),
    ]
    transfers: list[Transfer] = []
    for index, (title, status, days, receiver, receiver_user, _, perishable) in enumerate(plan, start=1):
        matter = kept_market if receiver is market else kept_resources
        party = _organisation(f"黄骅市南排河{title[1:4]}有限公司", f"91130983MA{index:07d}X", "王某")
        case = await _case(
            world,
            agency=nph,
            matter=matter,
            title=title,
            facts=f"{title},涉嫌违反{matter.legal_basis}。",
            party=party,
            opened_by=zhang,
            discovered_days_ago=days + 2,
        )
        transfers.append(
            await _transfer(
                world,
                case,
                sender=nph,
                receiver=receiver,
                officers=[zhang, li],
                leader=nph_leader,
                status=status,
                decided_days_ago=days,
                reason=f"依据{matter.legal_basis},本案属{receiver.name}管辖。",
                perishable=perishable,
                receiver_user=receiver_user,
            )
        )
    # The other direction: the market bureau hands a delegated matter to Nanpaihe.
    reverse = await _case(
        world,
        agency=market,
        matter=delegated_market,
        title="南排河镇某小卖部销售散装白酒无标签",
        facts="接群众举报核查发现。",
        party=_person("赵某", Sex.FEMALE, 38, "130983198802022345"),
        opened_by=liu,
        discovered_days_ago=5,
        territory=nph,
    )
    await _transfer(
        world,
        reverse,
        sender=market,
        receiver=nph,
        officers=[liu, chen],
        leader=scj_leader,
        status=TransferStatus.SENT,
        decided_days_ago=4,
        reason="该事项已赋权乡镇,由属地乡镇管辖。",
    )
    # An overdue case of Nanpaihe, and a decided one of another town that Nanpaihe must not see.
    await _case(
        world,
        agency=nph,
        matter=delegated_agri,
        title="某渔船禁渔期违规捕捞",
        facts="海上巡查发现。",
        party=_person("孙某", Sex.MALE, 52, "130983197403033456"),
        opened_by=li,
        discovered_days_ago=40,
    )
    decided = await _case(
        world,
        agency=town,
        matter=delegated_market,
        title="某小吃店未公示许可证",
        facts="检查发现未在显著位置公示。",
        party=_person("钱某", Sex.FEMALE, 33, "130983199304044567"),
        opened_by=users["hhz_ma"],
        discovered_days_ago=60,
    )
    await _file(world, decided, town, users["hhz_ma"], 55)
    decided.status, decided.decided_at = CaseStatus.DECIDED, world.ago(20)
    decided.decision_summary = "责令改正,警告。"
    await decided.save()
    await _event(
        world, "case.decided", decided, users["hhz_ma"], [town], world.ago(20), summary=decided.decision_summary
    )

    await _notices(world, nph, market, agriculture, zhang, liu)
    await _clues(world, nph, market, users["nph_registrar"], liu)
    await _assistance(world, transfers, nph, market, resources, zhang, liu, zrj_leader)
    await _joint(world, nph, market, agriculture, city, zhang)
    await _guidance_and_sharing(world, market, nph, town, scj_leader, users["nph_leader"])
    return True


async def _notices(world: _World, nph: Agency, market: Agency, agriculture: Agency, zhang: User, liu: User) -> None:
    states = [
        (NoticeStatus.SENT, 2, market),
        (NoticeStatus.ACKNOWLEDGED, 6, market),
        (NoticeStatus.REPORTED, 15, agriculture),
    ]
    for status, days, receiver in states:
        sent = world.ago(days)
        notice = await Notice.create(
            number=await numbering.issue_number(nph, numbering.NOTICE, YEAR),
            sender_id=nph.id,
            receiver_id=receiver.id,
            place="南排河镇渔港码头",
            found_at=sent - timedelta(hours=3),
            party_name="某水产经营户",
            facts="巡查中发现疑似违法经营行为。",
            dissuasion="现场劝阻并责令停止",
            status=status,
            created_by_id=zhang.id,
            sent_at=sent,
            response_deadline=(response := await world.due("notice.response", sent)).at,
        )
        await clocks.keep(response, notice.id)
        await _event(world, "notice.sent", notice, zhang, [nph, receiver], sent)
        if status is not NoticeStatus.SENT:
            notice.acknowledged_at = sent + timedelta(hours=20)
            await notice.save()
            await _event(world, "notice.acknowledged", notice, liu, [nph, receiver], notice.acknowledged_at)
        if status is NoticeStatus.REPORTED:
            notice.outcome, notice.outcome_text = NoticeOutcome.INVESTIGATED, "已调查,责令整改。"
            notice.reported_at = sent + timedelta(days=3)
            await notice.save()
            await _event(world, "notice.reported", notice, None, [nph, receiver], notice.reported_at)


async def _clues(world: _World, nph: Agency, market: Agency, registrar: User, liu: User) -> None:
    complainant = await Complainant.create(name="陈先生", phone="13812345678", address="黄骅市南排河镇某村")
    states = [
        (ClueStatus.REGISTERED, 1, complainant, False),
        (ClueStatus.HANDLING, 4, None, False),
        (ClueStatus.PASSED_ON, 8, complainant, True),
        (ClueStatus.RESULT_REPORTED, 20, complainant, True),
    ]
    for status, days, who, forwarded in states:
        received = world.ago(days)
        clue = await Clue.create(
            number=await numbering.issue_number(nph, numbering.CLUE_REGISTRATION, YEAR),
            agency_id=nph.id,
            channel=ClueChannel.HOTLINE_12345,
            complainant_id=who.id if who else None,
            content="举报某店铺销售假冒商品。",
            party_name="某日用品店",
            status=status,
            registered_by_id=registrar.id,
            received_at=received,
            accept_deadline=(acceptance := await world.due("clue.accept", received)).at,
            accepted_at=received + timedelta(hours=4),
        )
        await clocks.keep(acceptance, clue.id)
        await _event(world, "clue.registered", clue, registrar, [nph], received)
        if forwarded:
            at = received + timedelta(days=1)
            clue.forwarded_to_id = market.id
            clue.letter_number = await numbering.issue_number(nph, numbering.CLUE_LETTER, YEAR)
            clue.jurisdiction_basis = "《中华人民共和国商标法》第六十条"
            clue.forwarded_at = at
            inform = await world.due("clue.inform", at)
            clue.inform_deadline = inform.at
            clue.complainant_told_at = at + timedelta(hours=2)
            clue.complainant_told_method = ContactMethod.PHONE
            clue.complainant_told_text = f"您举报的线索已移送{market.name}办理。"
            await clue.save()
            await clocks.keep(inform, clue.id)
            await _event(world, "clue.passed_on", clue, registrar, [nph, market], at, letter_number=clue.letter_number)
        if status is ClueStatus.RESULT_REPORTED:
            at = received + timedelta(days=10)
            clue.result_text, clue.result_at = "经查属实,已立案查处。", at
            clue.feedback_at, clue.feedback_method = at + timedelta(days=1), ContactMethod.SMS
            clue.feedback_text = "您举报的问题经查属实,已依法立案查处。"
            await clue.save()
            await _event(world, "clue.result_reported", clue, liu, [nph, market], at)


async def _assistance(
    world: _World,
    transfers: list[Transfer],
    nph: Agency,
    market: Agency,
    resources: Agency,
    zhang: User,
    liu: User,
    zrj_leader: User,
) -> None:
    accepted = next(t for t in transfers if t.status is TransferStatus.ACCEPTED)
    requests = [
        (market, nph, AssistanceStatus.SENT, 2, accepted, "请提供当事人在南排河镇的经营场所现场检查记录。"),
        (nph, market, AssistanceStatus.PROVIDED, 10, None, "请协助对涉案食品进行抽样检测。"),
        (nph, resources, AssistanceStatus.REFUSED, 14, None, "请提供某地块的土地利用现状图。"),
    ]
    for requester, requested, status, days, transfer, needed in requests:
        sent = world.ago(days)
        request = await AssistanceRequest.create(
            number=await numbering.issue_number(requester, numbering.ASSISTANCE_LETTER, YEAR),
            requester_id=requester.id,
            requested_id=requested.id,
            case_id=transfer.case_id if transfer else None,
            transfer_id=transfer.id if transfer else None,
            kind=AssistanceKind.DOCUMENTS if "提供" in needed else AssistanceKind.TECHNICAL_SUPPORT,
            needed=needed,
            basis="《中华人民共和国行政处罚法》第二十六条",
            reason="案件调查需要",
            contact="0317-5320000",
            status=status,
            created_by_id=(liu if requester is market else zhang).id,
            sent_at=sent,
            answer_deadline=(answer := await world.due("assistance.answer", sent)).at,
        )
        await clocks.keep(answer, request.id)
        await _event(
            world, "assistance.requested", request, liu if requester is market else zhang, [requester, requested], sent
        )
        if status is AssistanceStatus.PROVIDED:
            request.reply_text, request.replied_at, request.replied_by_id = (
                "已完成抽样检测,报告见附件。",
                sent + timedelta(days=3),
                liu.id,
            )
        elif status is AssistanceStatus.REFUSED:
            request.refusal_reason = "该地块信息涉及国家秘密,须经市政府批准后方可提供。"
            request.replied_at, request.replied_by_id = sent + timedelta(days=2), zrj_leader.id
        if request.replied_at:
            await request.save()
            await _event(world, f"assistance.{status.value}", request, None, [requester, requested], request.replied_at)


async def _joint(world: _World, nph: Agency, market: Agency, agriculture: Agency, city: Agency, zhang: User) -> None:
    consultation = await Consultation.create(
        topic="渔港周边水产品市场联合检查协调会",
        kind=ConsultationKind.MAJOR_JOINT_ACTION,
        convener_id=nph.id,
        status=ConsultationStatus.HELD,
        scheduled_at=world.ago(12),
        held_at=world.ago(12),
        minutes="各方同意开展为期一周的联合执法检查。",
    )
    for participant in (nph, market, agriculture):
        await ConsultationParticipant.create(consultation_id=consultation.id, agency_id=participant.id)
    await Resolution.create(
        consultation_id=consultation.id,
        text="市场监管局牵头制定联合执法方案",
        owner_id=market.id,
        due_date=(world.ago(5)).date(),
    )
    await _event(world, "consultation.held", consultation, zhang, [nph, market, agriculture], world.ago(12))
    plan = await JointPlan.create(
        title="南排河渔港水产品质量安全联合执法行动",
        content="对渔港周边水产品经营户开展联合检查。",
        targets="渔港周边水产品经营户",
        area="南排河镇渔港",
        legal_basis="《中华人民共和国食品安全法》《中华人民共和国渔业法》",
        lead_id=market.id,
        starts_at=world.ago(3),
        ends_at=world.ago(-4),
        status=JointPlanStatus.RUNNING,
        needs_approval=True,
        approver_id=city.id,
        approved_at=world.ago(4),
        created_by_id=zhang.id,
    )
    for agency, duties in [
        (market, "负责食品安全检查"),
        (agriculture, "负责渔业执法检查"),
        (nph, "负责属地协调和现场秩序"),
    ]:
        await JointPlanUnit.create(plan_id=plan.id, agency_id=agency.id, duties=duties, agreed_at=world.ago(4))
    await _event(world, "joint_plan.approved", plan, None, [nph, market, agriculture, city], world.ago(4))
    finding = await JointFinding.create(
        plan_id=plan.id, agency_id=agriculture.id, text="发现 1 艘渔船违反禁渔期规定携带违禁网具,另案由农业农村局立案。"
    )
    await _event(world, "joint_plan.finding", finding, None, [nph, market, agriculture], world.ago(1))


async def _guidance_and_sharing(
    world: _World, market: Agency, nph: Agency, town: Agency, scj_leader: User, nph_leader: User
) -> None:
    document = await GuidanceDocument.create(
        title="关于规范乡镇食品安全行政处罚程序的指导意见",
        kind=GuidanceKind.DOCUMENT,
        issuer_id=market.id,
        body="为规范赋权事项的行政处罚程序,现提出如下指导意见……",
        published_at=world.ago(30),
    )
    for agency in (nph, town):
        await GuidanceAudience.create(document_id=document.id, agency_id=agency.id)
    await GuidanceRead.create(document_id=document.id, agency_id=nph.id, read_by_id=nph_leader.id)
    await _event(world, "guidance.published", document, scj_leader, [market, nph, town], world.ago(30))
    conditional = await CatalogEntry.filter(sharing_type=SharingType.CONDITIONAL).order_by("id").first()
    if conditional is not None:
        await SharingAccessRequest.create(
            entry_id=conditional.id, consumer_id=nph.id, purpose="核查辖区经营主体许可情况"
        )
    for entry in await CatalogEntry.filter(sharing_type__in=[SharingType.UNCONDITIONAL, SharingType.CONDITIONAL]):
        resource = await SharedResource.create(
            entry_id=entry.id, title=f"{entry.name}(2026年第一期)", body="详见附件。", published_at=world.ago(7)
        )
        await _event(world, "sharing.published", resource, None, [await Agency.get(id=entry.provider_id)], world.ago(7))
