"""The calendar in the admin (issue 14): a year's holiday notice imported from CSV, a local exception saved through
its procedure, provisional deadlines listed and warned of on the dashboard, each time limit's legal basis."""

from __future__ import annotations

import html
import re
import uuid
from datetime import UTC, datetime

from models import CalendarNotice, Deadline, Event
from procedures.calendar import WorkingCalendar
from procedures.holiday_notices import missing_year
from tests.admin.conftest import csrf_of
from tests.rules.test_calendar_2027 import DEC_30, NOTICE_2027, end_of
from tests.rules.test_transfer import _new_case, _officer_ids, _start, actor


def _csv() -> bytes:
    rows = [f"{d.day.isoformat()},{'放假' if d.kind.value == 'holiday' else '上班'},{d.name}" for d in NOTICE_2027]
    return ("date,kind,name\n" + "\n".join(rows) + "\n").encode("utf-8")


async def _draft() -> int:
    from procedures import transfer

    case = await _new_case(f"ADM-2027-{uuid.uuid4().hex[:6]}")
    drafted = await transfer.start_transfer(
        await actor("nph_zhang"), _start(case, await _officer_ids("nph_zhang", "nph_li")), at=DEC_30
    )
    return drafted.id


async def test_r_a4_an_administrator_imports_the_2027_notice_and_the_running_deadlines_are_counted_again(
    admin_client, calendar_restored
):
    """R-A4: preview (nothing written), then import: the notice is the year's source and provisional clocks settle."""
    transfer_id = await _draft()
    assert (await Deadline.get(subject_type="transfer", subject_id=transfer_id)).provisional
    admin = await admin_client("admin")
    page = await admin.get("/admin/holiday-notice-import")
    assert page.status_code == 200 and "导入节假日安排通知" in page.text
    form = {"csrf_token": csrf_of(page.text), "preview": "1", "year": "2027", "title": "2027年部分节假日安排(测试)"}
    bad = await admin.post(
        "/admin/holiday-notice-import",
        data=form,
        files={"file": ("notice.csv", b"date,kind\n2027-13-01,holiday\n2027-03-03,workday\n")},
    )
    assert "YYYY-MM-DD" in bad.text and "不必列为调休上班" in bad.text and "导入此通知" not in bad.text
    preview = await admin.post("/admin/holiday-notice-import", data=form, files={"file": ("notice.csv", _csv())})
    assert f"将导入的日期: {len(NOTICE_2027)}" in preview.text
    assert not await CalendarNotice.exists(year=2027)  # a preview writes nothing

    days = re.search(r'name="days" value="([^"]+)"', preview.text)
    assert days
    tampered = await admin.post("/admin/holiday-notice-import", data={
        "csrf_token": csrf_of(preview.text), "confirm": "1", "year": "2027", "title": form["title"],
        "days": '[{"day": "2027-02-30", "kind": "holiday", "name": "x"}]'})  # fmt: skip
    assert tampered.status_code == 200 and "数据无效" in tampered.text
    assert not await CalendarNotice.exists(year=2027)
    done = await admin.post("/admin/holiday-notice-import", data={
        "csrf_token": csrf_of(preview.text), "confirm": "1", "year": "2027", "title": form["title"],
        "published_on": "2026-11-20", "days": html.unescape(days.group(1))})  # fmt: skip
    assert "重新计算的期限" in done.text, done.text[-800:]
    notice = await CalendarNotice.get(year=2027)
    assert notice.source == "notice" and notice.title == form["title"]
    clock = await Deadline.get(subject_type="transfer", subject_id=transfer_id)
    assert not clock.provisional and clock.due_at == end_of(2027, 1, 5)
    assert await Event.exists(type="calendar.notice_imported", subject_id=2027)


async def test_r_a4_a_local_exception_saved_in_the_admin_moves_the_deadlines_that_counted_it(
    admin_client, calendar_restored
):
    transfer_id = await _draft()
    admin = await admin_client("admin")
    page = await admin.get("/admin/calendar-day/create")
    saved = await admin.post("/admin/calendar-day/create", data={
        "csrf_token": csrf_of(page.text), "date": "2026-12-31", "kind": "holiday", "name": "台风停工"})  # fmt: skip
    assert saved.status_code == 302, saved.text[-800:]
    clock = await Deadline.get(subject_type="transfer", subject_id=transfer_id)
    assert clock.due_at == end_of(2027, 1, 6)
    event = await Event.filter(type="admin.calendar_day.created").order_by("-id").first()
    assert event is not None and event.payload["recomputed"] >= 1
    listed = await admin.get("/admin/calendar-day/list")
    assert "台风停工" in listed.text and "本地例外" in listed.text


async def test_r_g2_the_dashboard_and_the_deadline_list_show_what_is_provisional(admin_client):
    """R-G2: from 1 November the dashboard says next year's notice is missing; deadlines list their flag."""
    admin = await admin_client("admin")
    dashboard = (await admin.get("/admin/dashboard")).text
    year = missing_year(datetime.now(UTC), await WorkingCalendar.load())
    if year is not None:
        assert f"{year} 年节假日安排通知尚未导入" in dashboard and 'id="import-notice-link"' in dashboard
    else:
        assert 'id="missing-year"' not in dashboard
    listed = await admin.get("/admin/deadline/list?pageSize=100")
    assert listed.status_code == 200 and "暂定" in listed.text
    limits = (await admin.get("/admin/time-limit/list?pageSize=100")).text
    assert "计算规则" in limits and "行政处罚法第八十五条" in limits
