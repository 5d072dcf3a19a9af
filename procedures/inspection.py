"""Planned inspections, and the warning when several agencies would inspect one target within 30 days.

Beyond the guidance, in its spirit (R-C2): one joint inspection burdens a business less than three separate ones.
The agencies concerned are told, with the suggestion to draft a joint plan; nothing is refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import Agency, Inspection, JointPlanUnit
from permissions.principal import Principal
from procedures.access import require

WINDOW = timedelta(days=30)
# 统一社会信用代码 (GB 32100-2015): 18 characters from the digits and the capitals without I, O, S, V, Z.
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


class InspectionError(Exception):
    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


@dataclass(frozen=True, slots=True)
class InspectionInput:
    target_name: str
    planned_on: date
    target_code: str = ""
    purpose: str = ""
    plan_id: int | None = None  # an inspection that is part of a joint plan


@dataclass(frozen=True, slots=True)
class Overlap:
    agency: Agency
    planned_on: date


@dataclass(frozen=True, slots=True)
class PlannedInspection:
    inspection: Inspection
    overlaps: list[Overlap]

    @property
    def suggest_joint_plan(self) -> bool:
        return bool(self.overlaps)


def target_key(name: str, code: str) -> str:
    """The credit code when there is one, else the name without spaces, full-width forms or case differences."""
    if code:
        return code
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).lower()


async def plan_inspection(actor: Principal, data: InspectionInput, *, at: datetime | None = None) -> PlannedInspection:
    """Record the inspection; when other agencies plan one on the same target within 30 days, warn them all."""
    now = at or datetime.now(UTC)
    await require(actor, "create", "case", actor.agency_id)
    name, code = data.target_name.strip(), data.target_code.strip().upper()
    if not name:
        raise InspectionError("REASON_REQUIRED", "name the target", field="targetName")
    if code and not _CREDIT_CODE.match(code):
        raise InspectionError("INVALID_CODE", "not a unified social credit code (18 characters)", field="targetCode")
    if data.plan_id is not None and not await JointPlanUnit.exists(plan_id=data.plan_id, agency_id=actor.agency_id):
        raise InspectionError("NOT_FOUND", "the agency is not a unit of that joint plan", field="plan")
    key = target_key(name, code)
    async with in_transaction() as connection:
        inspection = await Inspection.create(
            agency_id=actor.agency_id, target_name=name, target_code=code, target_key=key, planned_on=data.planned_on,
            purpose=data.purpose, plan_id=data.plan_id, created_by_id=actor.user_id, using_db=connection,
        )  # fmt: skip
        start, end = data.planned_on - WINDOW, data.planned_on + WINDOW
        others = (
            Inspection.filter(target_key=key, planned_on__gte=start, planned_on__lte=end)
            .exclude(agency_id=actor.agency_id)
            .using_db(connection)
        )
        if data.plan_id is not None:
            others = others.exclude(plan_id=data.plan_id)  # already inspected together
        found = await others.order_by("planned_on", "id")
        agencies = {a.id: a for a in await Agency.filter(id__in={o.agency_id for o in found}).using_db(connection)}
        overlaps = [Overlap(agency=agencies[o.agency_id], planned_on=o.planned_on) for o in found]
        if overlaps:
            await record_event(
                type="inspection.overlap", subject_type="inspection", subject_id=inspection.id,
                audience=[actor.agency_id, *agencies], actor_id=actor.user_id, agency_id=actor.agency_id,
                occurred_at=now, using_db=connection,
                payload={"target": name, "targetCode": code, "plannedOn": data.planned_on.isoformat(),
                         "others": [{"agency": o.agency.name, "plannedOn": o.planned_on.isoformat()} for o in overlaps],
                         "suggestion": "30日内多个部门拟对同一对象检查,建议会商制定联合执法方案"},
            )  # fmt: skip
    return PlannedInspection(inspection=inspection, overlaps=overlaps)
