"""Importing a matters list (赋权事项目录) from CSV: parse and check every row, show a preview with the rows that
would be rejected and why, then write the accepted rows in one transaction with one event naming the administrator."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import openpyxl
from sqladmin import expose
from sqladmin.i18n import lazy_gettext
from starlette.requests import Request
from starlette.responses import Response
from tortoise.transactions import in_transaction

from admin.auth import GuardedPage, principal_of
from events.outbox import record_event
from models import Agency, Matter
from permissions.principal import Principal

COLUMNS = ("code", "name", "field", "legal_basis", "department", "catalog_version", "effective_from", "effective_to",
           "decision_days")  # fmt: skip
REQUIRED = ("code", "name", "field", "legal_basis", "department", "catalog_version", "effective_from")
MAX_ROWS = 5000


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    code: str
    name: str
    field: str
    legal_basis: str
    department_id: int
    department: str
    catalog_version: str
    effective_from: str
    effective_to: str | None
    decision_days: int


@dataclass(frozen=True, slots=True)
class Rejected:
    line: int
    values: dict[str, str]
    reasons: list[str]


def _date(value: str) -> date:
    return date.fromisoformat(value.strip())


async def check(text: str) -> tuple[list[Row], list[Rejected]]:
    """Every row, accepted or rejected with its reasons (in Chinese, for the report)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        return [], [Rejected(1, {}, [f"缺少列:{', '.join(missing)}(应有列:{', '.join(COLUMNS)})"])]
    departments = {str(code): int(i) for i, code in await Agency.all().values_list("id", "code")}
    existing = {(str(c), str(v)) for c, v in await Matter.all().values_list("code", "catalog_version")}
    seen: set[tuple[str, str]] = set()
    accepted: list[Row] = []
    rejected: list[Rejected] = []
    for line, raw in enumerate(reader, start=2):
        if line > MAX_ROWS + 1:
            rejected.append(Rejected(line, {}, [f"一次最多导入 {MAX_ROWS} 行"]))
            break
        values = {k: (v or "").strip() for k, v in raw.items() if k in COLUMNS}
        reasons = [f"「{c}」不能为空" for c in REQUIRED if not values.get(c)]
        if values.get("department") and values["department"] not in departments:
            reasons.append(f"没有代码为「{values['department']}」的机关")
        key = (values.get("code", ""), values.get("catalog_version", ""))
        if key in existing:
            reasons.append("该版本目录中已有此事项编码")
        elif key in seen:
            reasons.append("文件中重复的事项编码")
        for name in ("effective_from", "effective_to"):
            if values.get(name):
                try:
                    _date(values[name])
                except ValueError:
                    reasons.append(f"「{name}」应为 YYYY-MM-DD 格式的日期")
        days = values.get("decision_days") or "90"
        if not days.isdigit() or not 1 <= int(days) <= 3650:
            reasons.append("「decision_days」应为 1 至 3650 之间的整数")
        if reasons:
            rejected.append(Rejected(line, values, reasons))
            continue
        seen.add(key)
        accepted.append(Row(line=line, code=values["code"], name=values["name"], field=values["field"],
                            legal_basis=values["legal_basis"], department_id=departments[values["department"]],
                            department=values["department"], catalog_version=values["catalog_version"],
                            effective_from=values["effective_from"], effective_to=values.get("effective_to") or None,
                            decision_days=int(days)))  # fmt: skip
    return accepted, rejected


async def apply(actor: Principal, rows: list[Row]) -> int:
    """Write the accepted rows and one `admin.matter.imported` event, all or nothing."""
    async with in_transaction() as connection:
        await Matter.bulk_create(
            [Matter(code=r.code, name=r.name, field=r.field, legal_basis=r.legal_basis, department_id=r.department_id,
                    catalog_version=r.catalog_version, effective_from=_date(r.effective_from),
                    effective_to=_date(r.effective_to) if r.effective_to else None, decision_days=r.decision_days)
             for r in rows],
            using_db=connection,
        )  # fmt: skip
        await record_event(
            type="admin.matter.imported", subject_type="matter", subject_id=0,
            audience=sorted({r.department_id for r in rows}), actor_id=actor.user_id, agency_id=actor.agency_id,
            payload={"count": len(rows), "codes": [r.code for r in rows][:200]}, using_db=connection,
        )  # fmt: skip
    return len(rows)


class MatterImport(GuardedPage):
    name = lazy_gettext("Import matters (CSV / Excel)")
    identity = "matter-import"
    category = lazy_gettext("Jurisdiction")
    permission = ("manage", "agency")
    county_wide = True
    icon = "fa-solid fa-file-import"

    @expose("/matter-import", methods=["GET", "POST"])
    async def matter_import(self, request: Request) -> Response:
        context: dict[str, Any] = {"columns": COLUMNS}
        if request.method == "POST":
            async with request.form() as form:  # closes the uploaded file's spool
                if form.get("confirm"):
                    rows = [Row(**r) for r in json.loads(str(form.get("rows") or "[]"))]
                    accepted, rejected = await check(_csv_of(rows))  # checked again: the table may have changed
                    context["imported"] = await apply(principal_of(request), accepted) if accepted else 0
                    context["rejected"] = rejected
                else:
                    upload = form.get("file")
                    data = await upload.read() if upload is not None and hasattr(upload, "read") else b""
                    accepted, rejected = await check(text_of(data))
                    context.update(accepted=accepted, rejected=rejected,
                                   rows_json=json.dumps([asdict(r) for r in accepted], ensure_ascii=False))  # fmt: skip
        return await self.templates.TemplateResponse(request, "caselink/matter_import.html", context)


def text_of(data: bytes) -> str:
    """The upload as CSV text: an Excel workbook's first sheet (an .xlsx is a zip), or CSV in UTF-8 or GB18030."""
    if data.startswith(b"PK\x03\x04"):
        return _csv_of_workbook(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")  # Excel on Chinese Windows saves CSV so


def _csv_of_workbook(data: bytes) -> str:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        return ""
    out = io.StringIO()
    writer = csv.writer(out)
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        writer.writerow(["" if v is None else v.isoformat()[:10] if hasattr(v, "isoformat") else v for v in row])
    workbook.close()
    return out.getvalue()


def _csv_of(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    for r in rows:
        writer.writerow({"code": r.code, "name": r.name, "field": r.field, "legal_basis": r.legal_basis,
                         "department": r.department, "catalog_version": r.catalog_version,
                         "effective_from": r.effective_from, "effective_to": r.effective_to or "",
                         "decision_days": r.decision_days})  # fmt: skip
    return out.getvalue()
