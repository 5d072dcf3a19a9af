"""Reference data: the agencies of Huanghua, the delegated matters and the jurisdiction catalog, the holiday
calendar, the default time limits and the sharing catalog with the eight categories of R-E2. Upserts by natural key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from models import Agency, CatalogEntry, Jurisdiction, Matter, SharingCatalog, TimeLimit
from models.enums import AgencyKind, SharingCategory, SharingMethod, SharingType, UpdateCycle
from procedures.holiday_notices import sync_package
from procedures.time_limits import DEFAULT_TIME_LIMITS
from seeds.data.agencies import AGENCIES
from seeds.data.matters import CATALOG_VERSION, EFFECTIVE_FROM, MATTERS

DATA = Path(__file__).parent / "data"
LOCAL_KINDS = (AgencyKind.TOWNSHIP, AgencyKind.SUB_DISTRICT)


async def load_agencies() -> dict[str, Agency]:
    by_code: dict[str, Agency] = {}
    for row in AGENCIES:
        agency, _ = await Agency.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": AgencyKind(row["kind"]),
                "address": row["address"],
                "phone": row["phone"],
                "credit_code": row["credit_code"],
            },
        )
        by_code[agency.code] = agency
    for row in AGENCIES:  # links need every agency to exist first
        parent = by_code[row["parent"]] if row["parent"] else None
        office = by_code[row["designation_office"]] if row["designation_office"] else None
        await Agency.filter(code=row["code"]).update(
            parent_id=parent.id if parent else None, designation_office_id=office.id if office else None
        )
    return by_code


async def load_matters(agencies: dict[str, Agency]) -> None:
    effective_from = date.fromisoformat(EFFECTIVE_FROM)
    locals_ = [a for a in agencies.values() if a.kind in LOCAL_KINDS]
    for row in MATTERS:
        department = agencies[row["department"]]
        matter, _ = await Matter.update_or_create(
            code=row["code"],
            catalog_version=CATALOG_VERSION,
            defaults={
                "name": row["name"],
                "field": row["field"],
                "legal_basis": row["legal_basis"],
                "department_id": department.id,
                "effective_from": effective_from,
                "decision_days": row["decision_days"],
            },
        )
        # A delegated matter is handled by each township in its own territory; a kept one by the department.
        holders = [(local, local) for local in locals_] if row["delegated"] else [(department, None)]
        for agency, territory in holders:
            await Jurisdiction.get_or_create(
                matter_id=matter.id,
                agency_id=agency.id,
                territory_id=territory.id if territory else None,
                effective_from=effective_from,
                defaults={
                    "basis": "河北省赋予乡镇和街道行政处罚权事项目录" if row["delegated"] else row["legal_basis"]
                },
            )


async def load_calendar() -> None:
    """The years the chinesecalendar package carries; years past it are provisional until a notice is imported
    (`data/holidays-2026.csv` shows an import's columns)."""
    await sync_package()


async def load_time_limits() -> None:
    """New limits with their defaults; on a limit already there, only the reference text its row still lacks
    (amount and unit are the administrators')."""
    for key, default in DEFAULT_TIME_LIMITS.items():
        row, created = await TimeLimit.get_or_create(
            key=key,
            defaults={"amount": default.amount, "unit": default.unit, "description": default.description,
                      "source": default.source, "counting_basis": default.counting_basis},
        )  # fmt: skip
        if not created and not row.counting_basis:
            row.counting_basis = default.counting_basis
            await row.save(update_fields=["counting_basis"])


# One entry per category of R-E2: (category, name, sharing type, method, update cycle, legal basis).
_ENTRIES: list[tuple[SharingCategory, str, SharingType, SharingMethod, UpdateCycle, str]] = [
    (
        SharingCategory.LAWS_AND_STANDARDS,
        "赋权事项法律法规及技术规范汇编",
        SharingType.UNCONDITIONAL,
        SharingMethod.FILE,
        UpdateCycle.IRREGULAR,
        "",
    ),
    (
        SharingCategory.SUPERVISION_INFO,
        "食品经营许可及备案信息",
        SharingType.CONDITIONAL,
        SharingMethod.API,
        UpdateCycle.DAILY,
        "《中华人民共和国政府信息公开条例》第十五条",
    ),
    (
        SharingCategory.PENALTY_DECISIONS,
        "行政处罚决定及执行情况",
        SharingType.CONDITIONAL,
        SharingMethod.API,
        UpdateCycle.REAL_TIME,
        "《中华人民共和国行政处罚法》第四十八条",
    ),
    (
        SharingCategory.STATISTICS,
        "乡镇综合执法统计数据",
        SharingType.UNCONDITIONAL,
        SharingMethod.FILE,
        UpdateCycle.MONTHLY,
        "",
    ),
    (
        SharingCategory.DISCRETION_AND_WORKFLOWS,
        "行政处罚裁量基准及执法流程",
        SharingType.UNCONDITIONAL,
        SharingMethod.FILE,
        UpdateCycle.YEARLY,
        "",
    ),
    (
        SharingCategory.DYNAMIC_INFO,
        "执法巡查动态信息",
        SharingType.CONDITIONAL,
        SharingMethod.SERVICE,
        UpdateCycle.REAL_TIME,
        "《河北省行政执法监督条例》",
    ),
    (
        SharingCategory.COMPLAINT_HANDLING,
        "投诉举报受理处置情况",
        SharingType.CONDITIONAL,
        SharingMethod.API,
        UpdateCycle.DAILY,
        "《市场监督管理投诉举报处理暂行办法》",
    ),
    (
        SharingCategory.OTHER,
        "涉及个人隐私的执法记录",
        SharingType.NOT_SHARED,
        SharingMethod.FILE,
        UpdateCycle.IRREGULAR,
        "《中华人民共和国个人信息保护法》第三十四条",
    ),
]


async def load_sharing_catalog(agencies: dict[str, Agency]) -> None:
    owner = next(a for a in agencies.values() if a.kind is AgencyKind.COUNTY_GOVERNMENT)
    providers = [a for a in agencies.values() if a.kind is AgencyKind.COUNTY_DEPARTMENT]
    catalog, _ = await SharingCatalog.get_or_create(
        name="黄骅市乡镇综合行政执法信息共享目录",
        defaults={
            "owner_id": owner.id,
            "description": "依据南排河镇案件移送和协调协作机制指导意见建立",
            "version": "2026",
        },
    )
    for index, (category, name, sharing_type, method, cycle, basis) in enumerate(_ENTRIES, start=1):
        provider = providers[index % len(providers)]
        await CatalogEntry.get_or_create(
            code=f"HH-ZF-{index:03d}",
            defaults={
                "catalog_id": catalog.id,
                "classification_code": f"1{index:02d}{index:03d}",
                "name": name,
                "provider_id": provider.id,
                "category": category,
                "summary": f"{provider.name}提供的{name}",
                "data_format": "json" if method is SharingMethod.API else "pdf",
                "data_items": [{"name": "名称", "type": "string"}, {"name": "日期", "type": "date"}],
                "sharing_type": sharing_type,
                "legal_basis": basis,
                "conditions": "经提供部门审核同意" if sharing_type is SharingType.CONDITIONAL else "",
                "method": method,
                "update_cycle": cycle,
                "publish_date": date(2026, 1, 5),
            },
        )
