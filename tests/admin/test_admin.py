"""The admin over HTTP: who may enter, what each administrator sees (scoped in SQL), and that every change goes
through the procedures with an event naming the administrator."""

from __future__ import annotations

import re
import uuid

import sqlalchemy as sa
from starlette.requests import Request

from admin.mapping import build_mapping
from admin.views import build_views
from models import Agency, ApiKey, Event, PolicyRule, SharingCatalog, User
from models.enums import Role
from permissions.authorizer import authorizer
from permissions.principal import Principal, user_subject
from procedures.accounts import principal_for_user
from tests.admin.conftest import csrf_of

USERS = """query { users(first: 100, filter: {search: "%s"}) { edges { node { username roles } } } }"""


def _new_name() -> str:
    return uuid.uuid4().hex[:6]


async def _post_form(client, path: str, data: dict[str, str]):
    page = await client.get(path)
    assert page.status_code == 200, page.text[-500:]
    return await client.post(path, data={**data, "csrf_token": csrf_of(page.text)})


async def test_an_officer_is_refused_and_the_system_administrator_sees_every_page(admin_client):
    officer = await admin_client(None)
    page = await officer.get("/admin/login")
    refused = await officer.post("/admin/login", data={"username": "nph_zhang", "password": "caselink-demo",
                                                       "csrf_token": csrf_of(page.text)})  # fmt: skip
    assert refused.status_code == 400  # an officer may not administer
    assert "无权进入管理后台" in refused.text
    assert (await officer.get("/admin/user/list")).status_code == 302

    admin = await admin_client("admin")
    index = await admin.get("/admin/")
    links = sorted(set(re.findall(r'href="http://caselink.test(/admin/[^"]+/list)"', index.text)))
    assert len(links) >= 14
    for link in [*links, "/admin/dashboard"]:
        assert (await admin.get(link)).status_code == 200, link


async def test_a_form_without_the_csrf_token_is_refused(admin_client):
    admin = await admin_client("admin")
    response = await admin.post("/admin/agency/create", data={"name": "伪造", "code": "伪造", "kind": "township"})
    assert response.status_code == 403
    assert not await Agency.exists(code="伪造")


async def test_chinese_by_default_and_english_by_setting(admin_client):
    admin = await admin_client("admin")
    chinese = (await admin.get("/admin/agency/list?pageSize=100")).text
    assert "退出登录" in chinese and "县级行政执法部门" in chinese  # menus, and the values of enums
    english = (await admin.get("/admin/agency/list?lang=en")).text
    assert "Logout" in english and "Agencies" in english
    assert "Logout" in (await admin.get("/admin/agency/list")).text  # the choice is remembered
    await admin.get("/admin/agency/list?lang=zh_Hans")


async def test_a_record_created_in_the_admin_is_in_the_api_at_once_with_the_admin_as_actor(admin_client, api):
    """(Agencies are created the same way, end to end in tests/admin/test_e2e.py, on a database of their own: a new
    agency here would change the agency tree every later test of this session sees.)"""
    admin = await admin_client("admin")
    name = f"测试目录{_new_name()}"
    owner = await Agency.get(code="南排河")
    response = await _post_form(admin, "/admin/sharing-catalog/create",
                                {"name": name, "owner": str(owner.id), "description": "", "version": "1"})  # fmt: skip
    assert response.status_code == 302, response.text[-800:]
    catalog = await SharingCatalog.get(name=name)
    assert catalog.owner_id == owner.id
    admin_id = (await User.get(username="admin")).id
    created = await Event.get(type="admin.sharing_catalog.created", subject_id=catalog.id)
    assert created.actor_id == admin_id and created.payload["name"] == name
    found = await api.data("{ sharingCatalogs(first: 100) { edges { node { name owner { code } } } } }",
                           as_user="nph_zhang")  # fmt: skip
    assert {"name": name, "owner": {"code": "南排河"}} in [e["node"] for e in found["sharingCatalogs"]["edges"]]

    listing = await admin.get("/admin/sharing-catalog/list")
    deleted = await admin.delete(f"/admin/sharing-catalog/delete?pks={catalog.id}",
                                 headers={"X-CSRF-Token": csrf_of(listing.text)})  # fmt: skip
    assert deleted.status_code == 200 and not await SharingCatalog.exists(id=catalog.id)
    assert (await Event.get(type="admin.sharing_catalog.deleted", subject_id=catalog.id)).actor_id == admin_id


async def test_a_role_granted_in_the_admin_holds_at_once(admin_client, api):
    admin = await admin_client("admin")
    user = await User.get(username="hhz_ma")
    principal = Principal(subject=user_subject(user.id), agency_id=user.agency_id)
    assert not authorizer.can(principal, "send", "transfer", user.agency_id)
    response = await _post_form(admin, "/admin/policy-rule/create",
                                {"user": str(user.id), "role": "leader", "agency": str(user.agency_id)})  # fmt: skip
    assert response.status_code == 302, response.text[-800:]
    try:
        assert authorizer.can(principal, "send", "transfer", user.agency_id)
        roles = (await api.data(USERS % "hhz_ma", as_user="admin"))["users"]["edges"][0]["node"]["roles"]
        assert "LEADER" in roles
        event = await Event.filter(type="policy.role_granted", subject_id=user.id).order_by("-id").first()
        assert event is not None and event.actor_id == (await User.get(username="admin")).id
    finally:
        from procedures.policies import revoke_role

        await revoke_role(None, user_id=user.id, role=Role.LEADER, agency_id=user.agency_id)


async def test_an_api_key_is_shown_once(admin_client):
    admin = await admin_client("nph_admin")
    nanpaihe = await Agency.get(code="南排河")
    response = await _post_form(admin, "/admin/api-key/create", {"name": f"key-{_new_name()}",
                                                                 "agency": str(nanpaihe.id)})  # fmt: skip
    assert response.status_code == 200 and "no-store" in response.headers["cache-control"]
    key = await ApiKey.filter(agency_id=nanpaihe.id).order_by("-id").first()
    assert key is not None
    shown = re.search(rf"clk_{key.prefix}_[A-Za-z0-9_-]{{20,}}", response.text)
    assert shown, "the new key is on the page"
    assert shown.group(0) not in (await admin.get(f"/admin/api-key/details/{key.id}")).text
    assert shown.group(0) not in (await admin.get("/admin/api-key/list")).text


async def test_an_agency_admin_sees_only_its_own_agencys_officers(admin_client):
    admin = await admin_client("nph_admin")
    listing = (await admin.get("/admin/user/list?pageSize=100")).text
    assert "nph_zhang" in listing and "scj_liu" not in listing
    other = await User.get(username="scj_liu")
    assert (await admin.get(f"/admin/user/details/{other.id}")).status_code == 404
    assert (await admin.get(f"/admin/user/edit/{other.id}")).status_code == 404
    assert (await admin.get("/admin/agency/list")).status_code == 403
    assert "/admin/agency/list" not in (await admin.get("/admin/")).text


async def test_the_scope_is_in_the_sql_of_the_list(admin_app):
    nph_admin = await principal_for_user((await User.get(username="nph_admin")).id)
    view = next(v for v in build_views(build_mapping()) if v.__name__ == "UserAdmin")()
    request = Request({"type": "http", "method": "GET", "path": "/admin/user/list", "query_string": b"",
                       "headers": [], "state": {}})  # fmt: skip
    request.state.caselink_principal = nph_admin
    sql = str(view.list_query(request).compile(compile_kwargs={"literal_binds": True}))
    assert f"agency_id IN ({nph_admin.agency_id})" in sql
    request.state.caselink_principal = await principal_for_user((await User.get(username="admin")).id)
    assert "WHERE" not in str(view.list_query(request))
    request.state.caselink_principal = await principal_for_user((await User.get(username="nph_zhang")).id)
    assert not view.is_accessible(request)
    assert isinstance(view.list_query(request).whereclause, sa.ColumnElement)


async def test_a_permission_is_edited_with_validation_and_holds_at_once(admin_client):
    admin = await admin_client("admin")
    nanpaihe = await Agency.get(code="南排河")
    registrar = await principal_for_user((await User.get(username="nph_registrar")).id)
    assert not authorizer.can(registrar, "create", "notice", nanpaihe.id)

    refused = await _post_form(admin, "/admin/policy-rule/create", {"user": "", "role": "registrar",
                               "agency": str(nanpaihe.id), "object": "notice", "action": "fly"})  # fmt: skip
    assert refused.status_code == 400 and "没有这个权限" in refused.text

    allowed = await _post_form(admin, "/admin/policy-rule/create", {"user": "", "role": "registrar",
                               "agency": str(nanpaihe.id), "object": "notice", "action": "create"})  # fmt: skip
    assert allowed.status_code == 302, allowed.text[-500:]
    assert authorizer.can(registrar, "create", "notice", nanpaihe.id)
    listing = await admin.get("/admin/policy-rule/list?search=registrar&pageSize=100")
    assert "南排河镇人民政府的登记员 可新建告知函" in listing.text

    rule = await PolicyRule.get(ptype="p", v0="registrar", v1=f"agency:{nanpaihe.id}", v2="notice", v3="create")
    deleted = await admin.delete(f"/admin/policy-rule/delete?pks={rule.id}",
                                 headers={"X-CSRF-Token": csrf_of(listing.text)})  # fmt: skip
    assert deleted.status_code == 200
    assert not authorizer.can(registrar, "create", "notice", nanpaihe.id)


IMPORT = """code,name,field,legal_basis,department,catalog_version,effective_from,effective_to,decision_days
IMP-{tag}-1,对未取得许可从事经营活动的处罚,市场监管,《无证无照经营查处办法》第十三条,黄市监,2099,2099-01-01,,90
IMP-{tag}-2,缺少字段的行,市场监管,,黄市监,2099,2099-01-01,,90
IMP-{tag}-3,机关不存在,市场监管,某法第一条,不存在,2099,2099-01-01,,90
IMP-{tag}-1,文件中重复,市场监管,某法第一条,黄市监,2099,2099-01-01,,90
IMP-{tag}-5,日期错误,市场监管,某法第一条,黄市监,2099,2099-13-01,,90
"""


async def test_a_matters_list_is_imported_from_csv_after_a_preview_with_the_rejected_rows(admin_client):
    from models import Matter

    admin = await admin_client("admin")
    department = await Agency.filter(kind="county_department").order_by("id").first()
    assert department is not None
    tag = _new_name()
    text = IMPORT.format(tag=tag).replace("黄市监", department.code)
    page = await admin.get("/admin/matter-import")
    preview = await admin.post("/admin/matter-import", data={"csrf_token": csrf_of(page.text), "preview": "1"},
                               files={"file": ("matters.csv", text.encode("utf-8"), "text/csv")})  # fmt: skip
    assert preview.status_code == 200
    assert "将导入的行: 1" in preview.text and "被拒绝的行: 4" in preview.text
    for reason in ("「legal_basis」不能为空", "没有代码为「不存在」的机关", "文件中重复的事项编码", "YYYY-MM-DD"):
        assert reason in preview.text
    assert not await Matter.exists(code=f"IMP-{tag}-1")  # a preview writes nothing

    rows = re.search(r'name="rows" value="([^"]+)"', preview.text)
    assert rows
    import html

    done = await admin.post("/admin/matter-import", data={"csrf_token": csrf_of(preview.text), "confirm": "1",
                                                          "rows": html.unescape(rows.group(1))})  # fmt: skip
    assert "已导入: 1" in done.text
    matter = await Matter.get(code=f"IMP-{tag}-1")
    assert matter.department_id == department.id and matter.catalog_version == "2099"
    event = await Event.filter(type="admin.matter.imported").order_by("-id").first()
    assert event is not None and event.payload["codes"] == [f"IMP-{tag}-1"]
    await matter.delete()  # the catalog other tests read stays as seeded


async def test_an_access_request_is_decided_in_the_admin_through_the_procedure(admin_client):
    from models import CatalogEntry, SharingAccessRequest
    from models.enums import AccessRequestStatus, SharingType
    from procedures.sharing import request_access

    entry = await CatalogEntry.filter(sharing_type=SharingType.CONDITIONAL).order_by("id").first()
    assert entry is not None
    asked = {row["consumer_id"] for row in await SharingAccessRequest.filter(entry_id=entry.id).values("consumer_id")}
    officer = next(u for u in await User.filter(username__in=["hhz_ma", "zrj_zhou", "scj_liu", "nph_zhang"])
                   if u.agency_id not in asked and u.agency_id != entry.provider_id)  # fmt: skip
    request = await request_access(await principal_for_user(officer.id), entry.id, purpose="联合执法核查")

    admin = await admin_client("admin")
    response = await _post_form(admin, f"/admin/sharing-access-request/edit/{request.id}",
                                {"status": "approved", "decision_note": "同意"})  # fmt: skip
    assert response.status_code == 302, response.text[-600:]
    await request.refresh_from_db()
    assert request.status is AccessRequestStatus.APPROVED and request.decision_note == "同意"
    event = await Event.get(type="sharing.access_approved", subject_id=request.id)
    assert event.actor_id == (await User.get(username="admin")).id

    again = await _post_form(admin, f"/admin/sharing-access-request/edit/{request.id}",
                             {"status": "rejected", "decision_note": "再议"})  # fmt: skip
    assert again.status_code == 400 and "该申请已处理" in again.text  # the procedure's state machine holds


async def test_an_agency_admin_names_its_responsible_head_but_not_another_agencys(admin_client):
    from models import AgencyHead
    from procedures.supervision import appoint_head

    admin = await admin_client("nph_admin")
    nanpaihe = await Agency.get(code="南排河")
    before = await AgencyHead.get_or_none(agency_id=nanpaihe.id)
    li = await User.get(username="nph_li")
    try:
        named = await _post_form(
            admin,
            "/admin/agency-head/create",
            {"agency": str(nanpaihe.id), "user": str(li.id), "appointed_on": "2026-11-29"},
        )
        assert named.status_code == 302, named.text[-600:]
        assert (await AgencyHead.get(agency_id=nanpaihe.id)).user_id == li.id
        market = await User.get(username="scj_liu")
        refused = await _post_form(admin, "/admin/agency-head/create", {"agency": str(market.agency_id),
                                   "user": str(market.id), "appointed_on": "2026-11-29"})  # fmt: skip
        assert refused.status_code == 400 and "无权限" in refused.text
    finally:
        if before is not None:
            system = await principal_for_user((await User.get(username="admin")).id)
            await appoint_head(system, agency_id=nanpaihe.id, user_id=before.user_id, on=before.appointed_on)


async def test_webhooks_and_their_deliveries_are_shown_without_the_secret(admin_client):
    """Issue 7: webhooks and their deliveries, read-only, with the last answer; the signing secret never shown."""
    from datetime import UTC, datetime

    from models import WebhookDelivery, WebhookEndpoint
    from models.webhook import DeliveryStatus

    nph, market = await Agency.get(code="南排河"), await Agency.get(code="黄骅市监")
    secret = "s3cret-" + _new_name()
    endpoint = await WebhookEndpoint.create(agency=nph, url="http://127.0.0.1:9/hook", secret=secret)
    foreign = await WebhookEndpoint.create(agency=market, url="http://127.0.0.1:9/other", secret=secret)
    event = await Event.filter().order_by("id").first()
    assert event is not None
    delivery = await WebhookDelivery.create(endpoint=endpoint, event=event, status=DeliveryStatus.FAILED, attempts=8,
                                            next_attempt_at=datetime.now(UTC), last_status_code=503,
                                            last_response="upstream unavailable")  # fmt: skip
    agency_admin = await admin_client("nph_admin")
    own = (await agency_admin.get("/admin/webhook-endpoint/list")).text
    assert "http://127.0.0.1:9/hook" in own and "http://127.0.0.1:9/other" not in own and secret not in own
    details = await agency_admin.get(f"/admin/webhook-endpoint/details/{endpoint.id}")
    assert details.status_code == 200 and secret not in details.text
    assert (await agency_admin.get(f"/admin/webhook-endpoint/details/{foreign.id}")).status_code == 404
    assert (await agency_admin.get("/admin/webhook-delivery/list")).status_code == 403
    system = await admin_client("admin")
    shown = (await system.get(f"/admin/webhook-delivery/details/{delivery.id}")).text
    assert "upstream unavailable" in shown and "503" in shown


async def test_a_failed_delivery_is_sent_again_from_the_admin_by_its_agencys_admin_only(admin_client):
    """Issue 7: a failed delivery gets a new series of attempts (a POST with the CSRF token); an event says who."""
    from datetime import UTC, datetime

    from models import WebhookDelivery, WebhookEndpoint
    from models.webhook import DeliveryStatus

    nph, market = await Agency.get(code="南排河"), await Agency.get(code="黄骅市监")
    event = await Event.filter().order_by("id").first()
    assert event is not None
    deliveries = []
    for agency in (nph, market):
        endpoint = await WebhookEndpoint.create(agency=agency, url=f"http://127.0.0.1:9/{agency.code}", secret="s")
        deliveries.append(await WebhookDelivery.create(
            endpoint=endpoint, event=event, status=DeliveryStatus.FAILED, attempts=8, next_attempt_at=datetime.now(UTC),
            last_status_code=500, last_response="boom"))  # fmt: skip
    own, foreign = deliveries
    agency_admin = await admin_client("nph_admin")
    page = (await agency_admin.get("/admin/webhook-retry")).text
    assert "http://127.0.0.1:9/南排河" in page and "http://127.0.0.1:9/黄骅市监" not in page
    refused = await _post_form(agency_admin, "/admin/webhook-retry", {"delivery": str(foreign.id)})
    assert "may not manage api key" in refused.text
    assert (await WebhookDelivery.get(id=foreign.id)).status is DeliveryStatus.FAILED
    done = await _post_form(agency_admin, "/admin/webhook-retry", {"delivery": str(own.id)})
    assert f"#{own.id}" in done.text
    retried = await WebhookDelivery.get(id=own.id)
    assert retried.status is DeliveryStatus.PENDING and retried.attempts == 0
    latest = await Event.filter(type="webhook.delivery_retried").order_by("-id").first()
    assert latest is not None and latest.payload["delivery"] == own.id and latest.agency_id == nph.id


async def test_a_matters_list_is_previewed_from_an_excel_workbook_too(admin_client):
    """Issue 7: CSV or Excel; the workbook's first sheet is checked row by row as the CSV is, dates as cells."""
    import io
    from datetime import date

    import openpyxl

    department = await Agency.filter(kind="county_department").order_by("id").first()
    assert department is not None
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["code", "name", "field", "legal_basis", "department", "catalog_version", "effective_from",
                  "effective_to", "decision_days"])  # fmt: skip
    sheet.append([f"XL-{_new_name()}", "无照经营", "市场监管", "《无证无照经营查处办法》第十三条", department.code,
                  "2099", date(2099, 1, 1), None, 90])  # fmt: skip
    sheet.append(["XL-bad", "缺少依据", "市场监管", None, department.code, "2099", date(2099, 1, 1), None, 90])
    buffer = io.BytesIO()
    workbook.save(buffer)
    admin = await admin_client("admin")
    page = await admin.get("/admin/matter-import")
    preview = await admin.post("/admin/matter-import", data={"csrf_token": csrf_of(page.text), "preview": "1"},
                               files={"file": ("matters.xlsx", buffer.getvalue())})  # fmt: skip
    assert "将导入的行: 1" in preview.text and "被拒绝的行: 1" in preview.text
    assert "「legal_basis」不能为空" in preview.text
