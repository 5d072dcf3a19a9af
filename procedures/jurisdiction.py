"""Who has jurisdiction (R-A1) and who settles a dispute about it (R-A3): the catalog and the agency tree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.expressions import Q

from models import Agency, Case, Jurisdiction, Matter


@dataclass(frozen=True, slots=True)
class Proposal:
    agency: Agency
    explanation: str


async def propose_receiver(case: Case, *, on: date) -> Proposal | None:
    """The agency the catalog makes competent for the case's matter where it happened, other than its holder.
    A line for the case's territory wins over a county-wide one."""
    if case.matter_id is None:
        return None
    matter = await Matter.get(id=case.matter_id)
    lines = (
        await Jurisdiction.filter(matter_id=matter.id, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .filter(Q(territory_id=case.territory_id) | Q(territory_id__isnull=True))
        .exclude(agency_id=case.agency_id)
        .order_by("id")
    )
    if not lines:
        return None
    line = min(lines, key=lambda j: (j.territory_id is None, j.id))
    agency = await Agency.get(id=line.agency_id)
    where = "在其辖区内" if line.territory_id else "在全县(市)范围内"
    explanation = (
        f"依据《{matter.catalog_version}年赋权事项目录》第 {matter.code} 项「{matter.name}」"
        f"(法律依据:{matter.legal_basis}),{agency.name}{where}具有管辖权。"
    )
    return Proposal(agency=agency, explanation=explanation)


async def is_competent(agency_id: int, matter_id: int, *, on: date) -> bool:
    """R-C3: whether the matter is within the agency's powers: its department's, or delegated to it."""
    if await Matter.exists(id=matter_id, department_id=agency_id):
        return True
    lines = Jurisdiction.filter(matter_id=matter_id, agency_id=agency_id, effective_from__lte=on)
    return await lines.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on)).exists()


async def _ancestors(agency: Agency) -> list[Agency]:
    chain = [agency]
    while chain[-1].parent_id is not None and len(chain) < 20:
        chain.append(await Agency.get(id=chain[-1].parent_id))
    return chain


async def common_superior(first: Agency, second: Agency) -> Agency | None:
    """The lowest agency above both; a government that names a designation office (司法局) is represented by it."""
    above_first = {a.id: a for a in (await _ancestors(first))[1:]}
    for candidate in (await _ancestors(second))[1:]:
        if candidate.id in above_first:
            if candidate.designation_office_id is not None:
                return await Agency.get(id=candidate.designation_office_id)
            return candidate
    return None
