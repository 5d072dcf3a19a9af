"""Importing a year's State Council holiday notice (国务院办公厅关于部分节假日安排的通知) from CSV or Excel: every row
checked and shown before anything is written, then `procedures.holiday_notices.import_notice`, which counts again in
the same transaction every open deadline the notice moves."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from sqladmin import expose
from sqladmin.i18n import lazy_gettext
from starlette.requests import Request
from starlette.responses import Response

from admin.auth import GuardedPage, principal_of
from admin.imports import Rejected, text_of
from models.enums import DayKind
from procedures import holiday_notices
from procedures.holiday_notices import NoticeDay

COLUMNS = ("date", "kind", "name")
# What a notice's table says, and how the file may say it.
KINDS = {"holiday": DayKind.HOLIDAY, "放假": DayKind.HOLIDAY, "休": DayKind.HOLIDAY,
         "workday": DayKind.WORKDAY, "上班": DayKind.WORKDAY, "班": DayKind.WORKDAY}  # fmt: skip
MAX_ROWS = 366


def parse(text: str, year: int) -> tuple[list[NoticeDay], list[Rejected]]:
    """The file's days, and the rows refused with their reasons; then the notice as a whole is checked."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ("date", "kind") if c not in (reader.fieldnames or [])]
    if missing:
        return [], [Rejected(1, {}, [f"缺少列:{', '.join(missing)}(应有列:{', '.join(COLUMNS)})"])]
    days: list[NoticeDay] = []
    rejected: list[Rejected] = []
    for line, raw in enumerate(reader, start=2):
        if line > MAX_ROWS + 1:
            rejected.append(Rejected(line, {}, [f"一年最多 {MAX_ROWS} 行"]))
            break
        values = {k: (v or "").strip() for k, v in raw.items() if k in COLUMNS}
        reasons = []
        try:
            day = date.fromisoformat(values.get("date", ""))
        except ValueError:
            reasons.append("「date」应为 YYYY-MM-DD 格式的日期")
        kind = KINDS.get(values.get("kind", "").lower())
        if kind is None:
            reasons.append("「kind」应为 holiday(放假)或 workday(上班)")
        if reasons:
            rejected.append(Rejected(line, values, reasons))
            continue
        days.append(NoticeDay(day, kind, values.get("name", "")))  # type: ignore[arg-type]
    problems = holiday_notices.check_notice(year, days) if days else ["文件中没有日期"]
    if problems:
        rejected.append(Rejected(0, {}, problems))
    return days, rejected


class HolidayNoticeImport(GuardedPage):
    name = lazy_gettext("Import a holiday notice (CSV / Excel)")
    identity = "holiday-notice-import"
    category = lazy_gettext("Calendar and time limits")
    permission = ("manage", "calendar")
    county_wide = True
    icon = "fa-solid fa-file-import"

    @expose("/holiday-notice-import", methods=["GET", "POST"])
    async def holiday_notice_import(self, request: Request) -> Response:
        context: dict[str, Any] = {"columns": COLUMNS}
        if request.method == "POST":
            async with request.form() as form:  # closes the uploaded file's spool
                year_text, title = str(form.get("year") or ""), str(form.get("title") or "").strip()
                published = str(form.get("published_on") or "")
                context.update(year=year_text, notice_title=title, published_on=published)
                if not year_text.isdigit() or not 1901 <= int(year_text) <= 2099:
                    context["rejected"] = [Rejected(0, {}, ["请填写年份(1901 至 2099)"])]
                elif form.get("confirm"):
                    try:  # the preview's days come back from the browser: read them as carefully as the file
                        days = [NoticeDay(date.fromisoformat(d["day"]), DayKind(d["kind"]), str(d["name"]))
                                for d in json.loads(str(form.get("days") or "[]"))]  # fmt: skip
                        published_on = date.fromisoformat(published) if published else None
                    except (ValueError, KeyError, TypeError):
                        context["rejected"] = [Rejected(0, {}, ["数据无效,请重新上传文件并预览"])]
                    else:
                        try:
                            context["imported"] = await holiday_notices.import_notice(
                                principal_of(request), int(year_text), days, title=title, published_on=published_on
                            )
                        except holiday_notices.CalendarError as exc:
                            context["rejected"] = [Rejected(0, {}, [str(exc)])]
                else:
                    upload = form.get("file")
                    data = await upload.read() if upload is not None and hasattr(upload, "read") else b""
                    days, rejected = parse(text_of(data), int(year_text))
                    context.update(accepted=days, rejected=rejected, days_json=json.dumps(
                        [{"day": d.day.isoformat(), "kind": d.kind.value, "name": d.name} for d in days],
                        ensure_ascii=False))  # fmt: skip
        return await self.templates.TemplateResponse(request, "caselink/holiday_notice_import.html", context)
