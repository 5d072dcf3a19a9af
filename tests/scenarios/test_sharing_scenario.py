"""R-E1 to R-E3 from first act to last, through GraphQL: a township keeps entries in the sharing catalog, publishes
resources under them and its consumers are notified at once; a county department asks for a conditional entry, the
provider approves, and the department reads what is published; what is not shared stays with its provider."""

from __future__ import annotations

from typing import Any

from tests.scenarios.support import Api, events_seen, forbidden, hidden, invalid, node

ENTRY_FIELDS = """id code name classificationCode category sharingType legalBasis conditions method updateCycle
  publishDate dataItems provider { code } catalog { name }"""
CREATE = f"""mutation($input: CatalogEntryInput!) {{ createCatalogEntry(input: $input) {{
  entry {{ {ENTRY_FIELDS} }} resource {{ id }} accessRequest {{ id }} errors {{ code field message }} }} }}"""
PUBLISH = """mutation($e: ID!, $t: String!, $b: String! = "") { publishSharedResource(entry: $e, title: $t, body: $b) {
  entry { id } resource { id title body publishedAt entry { code } } accessRequest { id }
  errors { code field message } } }"""
REQUEST = """mutation($e: ID!, $p: String!) { requestSharingAccess(entry: $e, purpose: $p) {
  entry { id } resource { id } accessRequest { id status purpose consumer { code } entry { code } decidedAt }
  errors { code field message } } }"""
DECIDE = """mutation($r: ID!, $a: Boolean!, $n: String! = "") {
  decideSharingAccess(request: $r, approve: $a, note: $n) {
  entry { id } resource { id } accessRequest { id status decidedAt decisionNote } errors { code field message } } }"""
CATALOG = "黄骅市乡镇综合行政执法信息共享目录"
PUBLISHED = ["sharing.published"]


async def _catalog(api: Api) -> str:
    body = await api.data("{ sharingCatalogs(first: 100) { edges { node { id name } } } }", as_user="nph_admin")
    catalogs: list[str] = [e["node"]["id"] for e in body["sharingCatalogs"]["edges"] if e["node"]["name"] == CATALOG]
    assert len(catalogs) == 1
    return catalogs[0]


def _entry(catalog: str, code: str, sharing_type: str, **changes: Any) -> dict[str, Any]:
    return {"input": {
        "catalog": catalog, "classificationCode": "107001", "name": f"南排河镇投诉举报受理处理情况 {code}",
        "code": code, "category": "COMPLAINT_HANDLING", "sharingType": sharing_type, "method": "API",
        "updateCycle": "MONTHLY", "summary": "本镇受理投诉举报及办理结果", "legalBasis": "《政府信息公开条例》第十五条",
        "conditions": "仅用于执法协同", "dataFormat": "JSON",
        "dataItems": [{"name": "受理编号", "type": "string"}, {"name": "办理结果", "type": "string"}], **changes,
    }}  # fmt: skip


async def _create(api: Api, catalog: str, code: str, sharing_type: str, **changes: Any) -> dict[str, Any]:
    body = await api.data(CREATE, _entry(catalog, code, sharing_type, **changes), as_user="nph_admin")
    assert body["createCatalogEntry"]["errors"] == []
    entry: dict[str, Any] = body["createCatalogEntry"]["entry"]
    return entry


async def _publish(api: Api, entry: str, title: str) -> dict[str, Any]:
    body = await api.data(PUBLISH, {"e": entry, "t": title, "b": "附件"}, as_user="nph_leader")
    assert body["publishSharedResource"]["errors"] == []
    resource: dict[str, Any] = body["publishSharedResource"]["resource"]
    return resource


async def test_r_e1_to_e3_a_conditional_entry_reaches_its_consumer_once_the_provider_approves(api: Api) -> None:
    """R-E1: the provider keeps its entry in the catalog (category, type, legal basis); R-E3: publishing notifies
    the consumers the entry allows; a county department asks for access, the provider approves, and from then on
    the department reads the resources and is notified of new ones. Each refused or invalid step writes nothing."""
    catalog = await _catalog(api)
    code = "SCN-E-NPH-COND"

    # R-E1: only the agency's catalog keeper adds entries; a conditional entry states its legal basis; the
    # classification code is class, item and entry digits.
    await forbidden(api, CREATE, _entry(catalog, code, "CONDITIONAL"), as_user="nph_zhang")
    await invalid(api, CREATE, _entry(catalog, code, "CONDITIONAL", legalBasis=" "), as_user="nph_admin",
                  code="LEGAL_BASIS_REQUIRED", field="legalBasis")  # fmt: skip
    await invalid(api, CREATE, _entry(catalog, code, "CONDITIONAL", classificationCode="1-07"), as_user="nph_admin",
                  code="INVALID_CODE", field="classificationCode")  # fmt: skip

    # 1. The township adds a conditional entry of category 7 (R-E2: how complaints were accepted and handled).
    entry = await _create(api, catalog, code, "CONDITIONAL")
    assert entry["provider"] == {"code": "南排河"} and entry["catalog"] == {"name": CATALOG}
    assert (entry["category"], entry["sharingType"], entry["method"]) == ("COMPLAINT_HANDLING", "CONDITIONAL", "API")
    assert entry["publishDate"] and entry["dataItems"][0] == {"name": "受理编号", "type": "string"}
    await invalid(api, CREATE, _entry(catalog, code, "UNCONDITIONAL"), as_user="nph_admin", code="DUPLICATE_CODE",
                  field="code")  # fmt: skip
    # The catalog (its metadata) is read by everyone signed in.
    assert (await node(api, entry["id"], "code provider { code }", as_user="hhz_ma")) == {
        "code": code, "provider": {"code": "南排河"}}  # fmt: skip

    # 2. R-E3: the provider publishes; with no approved consumer yet, only the provider has it.
    await forbidden(api, PUBLISH, {"e": entry["id"], "t": "11月受理情况"}, as_user="scj_leader")
    await invalid(api, PUBLISH, {"e": entry["id"], "t": " "}, as_user="nph_leader", code="REASON_REQUIRED",
                  field="title")  # fmt: skip
    november = await _publish(api, entry["id"], "2026年11月投诉举报受理情况")
    assert november["entry"] == {"code": code} and november["publishedAt"]
    assert await events_seen(api, "shared_resource", november["id"], PUBLISHED, as_user="nph_zhang") == PUBLISHED
    assert await events_seen(api, "shared_resource", november["id"], PUBLISHED, as_user="scj_liu") == []
    await hidden(api, november["id"], as_user="scj_liu")

    # 3. The market regulator asks for access, stating its purpose; once; the provider does not ask for its own.
    await invalid(api, REQUEST, {"e": entry["id"], "p": ""}, as_user="scj_liu", code="REASON_REQUIRED",
                  field="purpose")  # fmt: skip
    await invalid(api, REQUEST, {"e": entry["id"], "p": "自用"}, as_user="nph_zhang", code="SAME_AGENCY",
                  field="entry")  # fmt: skip
    requested = await api.data(REQUEST, {"e": entry["id"], "p": "核查食品类投诉的办理结果"}, as_user="scj_liu")
    access = requested["requestSharingAccess"]["accessRequest"]
    assert requested["requestSharingAccess"]["errors"] == []
    assert access["status"] == "PENDING" and access["consumer"] == {"code": "黄骅市监"} and access["decidedAt"] is None
    await invalid(api, REQUEST, {"e": entry["id"], "p": "再次申请"}, as_user="scj_chen", code="ALREADY_REQUESTED",
                  field="entry")  # fmt: skip
    # The provider is told, and sees the request.
    assert await events_seen(api, "sharing_access_request", access["id"], ["sharing.access_requested"],
                             as_user="nph_leader") == ["sharing.access_requested"]  # fmt: skip
    assert (await node(api, access["id"], "status purpose", as_user="nph_leader")) == {
        "status": "PENDING", "purpose": "核查食品类投诉的办理结果"}  # fmt: skip
    await hidden(api, access["id"], as_user="hhz_ma")

    # 4. Only the provider decides; a rejection would state its reason; the provider approves, once.
    await forbidden(api, DECIDE, {"r": access["id"], "a": True}, as_user="scj_leader")
    await invalid(api, DECIDE, {"r": access["id"], "a": False}, as_user="nph_leader", code="REASON_REQUIRED",
                  field="note")  # fmt: skip
    approved = (await api.data(DECIDE, {"r": access["id"], "a": True, "n": "同意,限执法协同使用"},
                               as_user="nph_leader"))["decideSharingAccess"]  # fmt: skip
    assert approved["errors"] == [] and approved["accessRequest"]["status"] == "APPROVED"
    assert approved["accessRequest"]["decidedAt"]
    await invalid(api, DECIDE, {"r": access["id"], "a": False, "n": "撤回"}, as_user="nph_leader",
                  code="INVALID_STATE", field="request")  # fmt: skip
    assert (await node(api, access["id"], "status decisionNote", as_user="scj_liu")) == {
        "status": "APPROVED", "decisionNote": "同意,限执法协同使用"}  # fmt: skip
    assert await events_seen(api, "sharing_access_request", access["id"], ["sharing.access_approved"],
                             as_user="scj_liu") == ["sharing.access_approved"]  # fmt: skip

    # 5. The approved consumer reads what was published, and is notified of what is published next; an agency that
    # was not approved is neither.
    assert (await node(api, november["id"], "title", as_user="scj_liu")) == {"title": "2026年11月投诉举报受理情况"}
    december = await _publish(api, entry["id"], "2026年12月投诉举报受理情况")
    for user in ("scj_liu", "nph_zhang"):
        assert await events_seen(api, "shared_resource", december["id"], PUBLISHED, as_user=user) == PUBLISHED
    assert (await node(api, december["id"], "body entry { code }", as_user="scj_chen")) == {
        "body": "附件", "entry": {"code": code}}  # fmt: skip
    assert await events_seen(api, "shared_resource", december["id"], PUBLISHED, as_user="hhz_ma") == []
    await hidden(api, december["id"], as_user="hhz_ma")
    await hidden(api, november["id"], as_user="zrj_zhou")


async def test_r_e3_an_unconditional_entry_reaches_everyone_and_a_not_shared_one_its_provider_only(api: Api) -> None:
    """R-E3: an unconditional entry is copied to every agency on publication; an entry not shared (with its legal
    basis) stays with its provider, and there is no access to ask for it."""
    catalog = await _catalog(api)
    open_entry = await _create(api, catalog, "SCN-E-NPH-OPEN", "UNCONDITIONAL", category="LAWS_AND_STANDARDS",
                               legalBasis="", name="南排河镇赋权事项执法依据汇编")  # fmt: skip
    closed = await _create(api, catalog, "SCN-E-NPH-CLOSED", "NOT_SHARED", category="DYNAMIC_INFO",
                           legalBasis="《个人信息保护法》第十三条", name="南排河镇网格员巡查原始记录")  # fmt: skip
    assert open_entry["sharingType"] == "UNCONDITIONAL" and closed["sharingType"] == "NOT_SHARED"

    laws = await _publish(api, open_entry["id"], "赋权事项执法依据汇编(2026年版)")
    for user in ("scj_liu", "hhz_ma", "zrj_zhou"):
        assert await events_seen(api, "shared_resource", laws["id"], PUBLISHED, as_user=user) == PUBLISHED
        assert (await node(api, laws["id"], "title", as_user=user)) == {"title": "赋权事项执法依据汇编(2026年版)"}

    records = await _publish(api, closed["id"], "11月网格巡查原始记录")
    assert (await node(api, records["id"], "title", as_user="nph_li")) == {"title": "11月网格巡查原始记录"}
    assert await events_seen(api, "shared_resource", records["id"], PUBLISHED, as_user="nph_li") == PUBLISHED
    for user in ("scj_liu", "hhz_ma"):
        await hidden(api, records["id"], as_user=user)
        assert await events_seen(api, "shared_resource", records["id"], PUBLISHED, as_user=user) == []
    # Neither a not-shared nor an unconditional entry has access to ask for.
    for entry in (closed, open_entry):
        await invalid(api, REQUEST, {"e": entry["id"], "p": "执法需要"}, as_user="scj_liu", code="NOT_CONDITIONAL",
                      field="entry")  # fmt: skip
