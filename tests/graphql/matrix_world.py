"""A small world for the authorization matrix: five agencies in four relations to a target record set.

OWN owns the target records; INVOLVED takes part in each of them (receiver, participant, audience…); SUPERIOR is the
superior a dispute over the target transfer was escalated to; UNRELATED has nothing to do with them; OUTSIDER owns
private records that no principal but a county-wide one may ever see.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

import models
from models.enums import (
    AgencyKind,
    AlertLevel,
    AssistanceKind,
    ClueChannel,
    ConsultationKind,
    Role,
    SharingCategory,
    SharingMethod,
    SharingType,
    TransferStatus,
    UpdateCycle,
)
from permissions.authorizer import authorizer
from permissions.credentials import hash_password, new_api_key
from permissions.defaults import COUNTY_WIDE_ROLES
from permissions.principal import key_subject, user_subject
from permissions.roles import role_line, store_lines

PASSWORD = "matrix-password"
RELATIONS = ("own", "involved", "superior", "unrelated")
ROLES = tuple(Role)


def gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


@dataclass
class MatrixWorld:
    agencies: dict[str, models.Agency] = field(default_factory=dict)
    # (role, relation) → the Authorization header value of a principal holding `role` with its home there
    credentials: dict[tuple[Role, str], str] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)  # operation → global ID of OWN's record
    outsider: dict[str, str] = field(default_factory=dict)  # operation → global ID of OUTSIDER's private record
    dummy_user: str = ""
    dummy_key: str = ""


async def _agency(name: str, code: str, kind: AgencyKind, parent: models.Agency) -> models.Agency:
    return await models.Agency.create(name=name, code=code, kind=kind, parent=parent)


async def _records(world: MatrixWorld, owner: models.Agency, partner: models.Agency, *, tag: str) -> dict[str, str]:
    """One record of each kind, owned by `owner`, with `partner` involved; returns their global IDs by operation."""
    now = datetime.now(UTC)
    user = await models.User.create(username=f"matrix_{tag}_staff", display_name=tag, agency=owner, password_hash="x")
    case = await models.Case.create(number=f"矩阵-{tag}", title=tag, agency=owner, discovered_at=now)
    transfer = await models.Transfer.create(  # sent: the receiver's part begins then (a draft is the sender's alone)
        case=case,
        sender=owner,
        receiver=partner,
        reason=tag,
        decided_at=now,
        send_deadline=now + timedelta(days=3),
        status=TransferStatus.SENT,
        sent_at=now,
        receipt_deadline=now + timedelta(days=2),
    )
    item = await models.TransferItem.create(transfer=transfer, seq=1, name=tag, quantity="1", perishable=True)
    material = await models.TransferMaterial.create(transfer=transfer, seq=1, name=tag)
    notice = await models.Notice.create(
        sender=owner, receiver=partner, place=tag, found_at=now, facts=tag, sent_at=now, response_deadline=now
    )
    clue = await models.Clue.create(
        number=f"矩阵线-{tag}", agency=owner, forwarded_to=partner, channel=ClueChannel.PHONE, content=tag,
        received_at=now, accept_deadline=now,
    )  # fmt: skip
    assistance = await models.AssistanceRequest.create(
        requester=owner, requested=partner, case=case, kind=AssistanceKind.DOCUMENTS, needed=tag, sent_at=now,
        answer_deadline=now,
    )  # fmt: skip
    consultation = await models.Consultation.create(
        topic=tag, kind=ConsultationKind.COMMON_PROBLEM, convener=owner, scheduled_at=now
    )
    await models.ConsultationParticipant.create(consultation=consultation, agency=partner)
    plan = await models.JointPlan.create(title=tag, content=tag, lead=owner, starts_at=now, ends_at=now, case=case)
    await models.JointPlanUnit.create(plan=plan, agency=partner, duties=tag)
    guidance = await models.GuidanceDocument.create(title=tag, kind="document", issuer=owner, published_at=now)
    await models.GuidanceAudience.create(document=guidance, agency=partner)
    catalog = await models.SharingCatalog.create(name=f"矩阵目录-{tag}")
    entry = await models.CatalogEntry.create(
        catalog=catalog, classification_code="199001", name=tag, code=f"MX-{tag}", provider=owner,
        category=SharingCategory.OTHER, sharing_type=SharingType.CONDITIONAL, method=SharingMethod.FILE,
        update_cycle=UpdateCycle.YEARLY,
    )  # fmt: skip
    resource = await models.SharedResource.create(entry=entry, title=tag, published_at=now)
    access = await models.SharingAccessRequest.create(entry=entry, consumer=partner, purpose=tag)
    event = await models.Event.create(type="matrix.test", subject_type="case", subject_id=case.id, case=case)
    for agency_id in {owner.id, partner.id}:
        await models.EventAudience.create(event=event, agency_id=agency_id)
    alert = await models.DeadlineAlert.create(kind="case.filing", level=AlertLevel.RED, subject_type="case",
                                              subject_id=case.id, agency=owner, deadline=now)  # fmt: skip
    inspection = await models.Inspection.create(agency=owner, target_name=tag, target_key=tag, planned_on=now.date())
    key = await models.ApiKey.create(name=f"矩阵钥-{tag}", agency=owner, prefix=f"mx{tag}", key_hash="0" * 64)
    async with in_transaction() as connection:
        await store_lines([role_line(user_subject(user.id), Role.OFFICER, owner.id)], using_db=connection)
    policy = await models.PolicyRule.get(ptype="g", v0=user_subject(user.id))
    return {
        "cases": gid("Case", case.id), "transfers": gid("Transfer", transfer.id), "notices": gid("Notice", notice.id),
        "clues": gid("Clue", clue.id), "assistanceRequests": gid("AssistanceRequest", assistance.id),
        "consultations": gid("Consultation", consultation.id), "jointPlans": gid("JointPlan", plan.id),
        "guidanceDocuments": gid("GuidanceDocument", guidance.id),
        "sharedResources": gid("SharedResource", resource.id),
        "sharingAccessRequests": gid("SharingAccessRequest", access.id), "events": gid("Event", event.id),
        "deadlineAlerts": gid("DeadlineAlert", alert.id), "inspections": gid("Inspection", inspection.id),
        "users": gid("User", user.id), "apiKeys": gid("ApiKey", key.id), "policyRules": gid("PolicyRule", policy.id),
        "_transfer_pk": str(transfer.id), "_item": gid("TransferItem", item.id),
        "_material": gid("TransferMaterial", material.id), "_entry": gid("CatalogEntry", entry.id),
        "_catalog": gid("SharingCatalog", catalog.id),
    }  # fmt: skip


async def build_world() -> MatrixWorld:
    world = MatrixWorld()
    city = await models.Agency.get(kind=AgencyKind.COUNTY_GOVERNMENT)
    for relation, kind in [("own", AgencyKind.TOWNSHIP), ("involved", AgencyKind.COUNTY_DEPARTMENT),
                           ("superior", AgencyKind.COUNTY_DEPARTMENT), ("unrelated", AgencyKind.TOWNSHIP),
                           ("outsider", AgencyKind.TOWNSHIP)]:  # fmt: skip
        world.agencies[relation] = await _agency(f"矩阵{relation}机关", f"矩{relation[:3]}", kind, city)
    own, involved = world.agencies["own"], world.agencies["involved"]
    world.targets = await _records(world, own, involved, tag="own")
    world.outsider = await _records(world, world.agencies["outsider"], world.agencies["outsider"], tag="out")
    dispute = await models.Dispute.create(
        transfer_id=int(world.targets.pop("_transfer_pk")), reason="matrix", superior=world.agencies["superior"]
    )
    world.targets["_dispute"] = gid("Dispute", dispute.id)
    plan_id = (await models.JointPlan.get(title="own")).id
    await models.JointPlan.filter(id=plan_id).update(approver_id=world.agencies["superior"].id, needs_approval=True)
    world.outsider.pop("_transfer_pk")
    hashed = hash_password(PASSWORD)
    lines = []
    for role in ROLES:
        for relation in RELATIONS:
            home = world.agencies[relation]
            domain = None if role in COUNTY_WIDE_ROLES else home.id
            if role is Role.INTEGRATOR:
                issued = new_api_key()
                key = await models.ApiKey.create(
                    name=f"matrix {relation}", agency=home, prefix=issued.prefix, key_hash=issued.secret_hash
                )
                lines.append(role_line(key_subject(key.id), role, domain))
                world.credentials[(role, relation)] = f"Bearer {issued.plaintext}"
            else:
                user = await models.User.create(
                    username=f"matrix_{role.value}_{relation}", display_name=f"{role.value}/{relation}", agency=home,
                    password_hash=hashed,
                )  # fmt: skip
                lines.append(role_line(user_subject(user.id), role, domain))
                world.credentials[(role, relation)] = user.username
    dummy = await models.User.create(username="matrix_dummy", display_name="dummy", agency=own, password_hash=hashed)
    world.dummy_user = gid("User", dummy.id)
    dummy_key = await models.ApiKey.create(name="matrix dummy", agency=own, prefix="mxdummy", key_hash="1" * 64)
    world.dummy_key = gid("ApiKey", dummy_key.id)
    webhook = await models.WebhookEndpoint.create(agency=own, url="http://127.0.0.1:9/matrix", secret="s" * 16)
    world.targets["_webhook"] = gid("WebhookEndpoint", webhook.id)
    await store_lines(lines)
    await authorizer.load()
    return world
