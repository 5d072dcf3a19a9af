"""R-B1 photos of a notice and R-D1 files of an assistance request: uploaded through GraphQL, typed by their bytes,
downloaded under the read scope of the record they belong to."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime

import httpx

from models import Agency, Attachment, Event, Notice, User
from models.enums import AssistanceKind
from permissions.principal import Principal, user_subject
from procedures import assistance, notification
from procedures.attachments import MAX_BYTES
from procedures.calendar import CHINA
from tests.conftest import Api, error_codes
from tests.graphql.matrix_world import gid

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PHOTO = """mutation($n: ID!, $f: Upload!) { attachNoticePhoto(notice: $n, file: $f) {
  attachment { id filename contentType size sha256 url agency { code } } errors { code field } } }"""
FILE = """mutation($r: ID!, $f: Upload!) { attachAssistanceFile(request: $r, file: $f) {
  attachment { filename contentType url } errors { code field } } }"""


async def actor(username: str) -> Principal:
    user = await User.get(username=username)
    return Principal(subject=user_subject(user.id), agency_id=user.agency_id, user_id=user.id, username=username)


async def _notice() -> Notice:
    market = await Agency.get(code="黄骅市监")
    return await notification.notify(await actor("nph_zhang"), notification.NoticeInput(
        place="南排河镇海堡路", found_at=datetime(2026, 11, 20, 9, tzinfo=CHINA), facts="店外占道堆放冻品",
        dissuasion="当场劝阻", receiver_id=market.id))  # fmt: skip


async def _download(client: httpx.AsyncClient, api: Api, url: str, username: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {await api.token(username)}"} if username else {}
    return await client.get(url, headers=headers)


async def test_r_b1_the_notifying_officer_adds_photos_both_agencies_see_them(
    api: Api, client: httpx.AsyncClient
) -> None:
    """R-B1: photos as attachments: the sender adds them; sender and receiver download them, nobody else."""
    notice = await _notice()
    body = await api.query(PHOTO, {"n": gid("Notice", notice.id)}, as_user="nph_zhang", files={"f": ("现场.png", PNG)})
    attached = body["data"]["attachNoticePhoto"]
    assert attached["errors"] == []
    photo = attached["attachment"]
    assert photo["filename"] == "现场.png" and photo["contentType"] == "image/png" and photo["size"] == len(PNG)
    assert photo["sha256"] == hashlib.sha256(PNG).hexdigest() and photo["agency"] == {"code": "南排河"}
    for reader in ("nph_zhang", "scj_liu", "sfj_supervisor"):
        response = await _download(client, api, photo["url"], reader)
        assert response.status_code == 200 and response.content == PNG, reader
        assert response.headers["content-type"] == "image/png"
        assert response.headers["x-content-type-options"] == "nosniff"
    assert (await _download(client, api, photo["url"], "zrj_zhou")).status_code == 404
    assert (await _download(client, api, photo["url"], None)).status_code == 401
    assert (await _download(client, api, "/attachments/99999999999", "nph_zhang")).status_code == 404
    listed = await api.data("query($id: ID!) { node(id: $id) { ... on Notice { photos { filename } letterUrl } } }",
                            {"id": gid("Notice", notice.id)}, as_user="scj_liu")  # fmt: skip
    assert listed["node"] == {
        "photos": [{"filename": "现场.png"}],
        "letterUrl": f"/documents/notices/{notice.id}/letter",
    }
    assert await Event.filter(type="notice.file_attached", subject_id=notice.id).count() == 1


async def test_r_b1_what_is_not_a_photo_or_too_large_or_not_yours_is_refused_and_nothing_is_written(api: Api) -> None:
    """R-B1: the bytes decide the type; a PDF named .jpg is no photo; 10 MB at most; the receiver adds none."""
    notice = await _notice()
    before = await Attachment.all().count()
    cases = [
        (("伪装.jpg", PDF), "INVALID_TYPE"),
        (("说明.txt", "就是文字".encode()), "INVALID_TYPE"),
        (("大.png", PNG + b"\0" * MAX_BYTES), "TOO_LARGE"),
        (("空.png", b""), "INVALID_FILE"),
    ]
    for upload, code in cases:
        body = await api.query(PHOTO, {"n": gid("Notice", notice.id)}, as_user="nph_zhang", files={"f": upload})
        assert body["data"]["attachNoticePhoto"]["errors"] == [{"code": code, "field": "file"}], upload[0]
    refused = await api.query(PHOTO, {"n": gid("Notice", notice.id)}, as_user="scj_liu", files={"f": ("a.png", PNG)})
    assert error_codes(refused) == ["FORBIDDEN"]
    missing = await api.query(PHOTO, {"n": gid("Notice", 10**9)}, as_user="nph_zhang", files={"f": ("a.png", PNG)})
    assert missing["data"]["attachNoticePhoto"]["errors"] == [{"code": "NOT_FOUND", "field": "notice"}]
    assert await Attachment.all().count() == before


async def test_a_request_larger_than_any_allowed_file_is_refused_before_it_is_read(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", content=b"x" * (MAX_BYTES + 2 * 1024 * 1024),
                                 headers={"content-type": "multipart/form-data; boundary=x"})  # fmt: skip
    assert response.status_code == 413


async def test_r_d1_the_request_and_the_answer_carry_files(api: Api, client: httpx.AsyncClient) -> None:
    """R-D1: the requester attaches what explains the request, the asked agency what it provides (with attachments)."""
    market = await Agency.get(code="黄骅市监")
    request = await assistance.request_assistance(await actor("nph_zhang"), assistance.RequestInput(
        requested_id=market.id, kind=AssistanceKind.DOCUMENTS, needed="请提供该户的营业执照登记材料"))  # fmt: skip
    ask = await api.query(FILE, {"r": gid("AssistanceRequest", request.id)}, as_user="nph_zhang",
                          files={"f": ("现场笔录.pdf", PDF)})  # fmt: skip
    assert ask["data"]["attachAssistanceFile"]["attachment"]["contentType"] == "application/pdf"
    provided = await api.query(FILE, {"r": gid("AssistanceRequest", request.id)}, as_user="scj_liu",
                               files={"f": ("执照.png", PNG)})  # fmt: skip
    url = provided["data"]["attachAssistanceFile"]["attachment"]["url"]
    assert (await _download(client, api, url, "nph_zhang")).content == PNG
    assert (await _download(client, api, url, "hhz_ma")).status_code == 404
    outsider = await api.query(FILE, {"r": gid("AssistanceRequest", request.id)}, as_user="zrj_zhou",
                               files={"f": ("x.png", PNG)})  # fmt: skip
    # To an outsider the request does not exist.
    assert outsider["data"]["attachAssistanceFile"]["errors"][0]["code"] == "NOT_FOUND"
    query = "query($id: ID!) { node(id: $id) { ... on AssistanceRequest { attachments { filename } letterUrl } } }"
    listed = await api.data(query, {"id": gid("AssistanceRequest", request.id)}, as_user="nph_zhang")
    assert [a["filename"] for a in listed["node"]["attachments"]] == ["现场笔录.pdf", "执照.png"]
    assert listed["node"]["letterUrl"] == f"/documents/assistance/{request.id}/letter"


async def test_issue_15_a_hidden_file_answers_as_a_missing_one_and_the_refusal_is_audited(
    api: Api, client: httpx.AsyncClient
) -> None:
    """Issue 15 (6): an agency administrator, who reads no notices at all, gets for an existing photo the very
    answer a missing one gets; the refusal is still in the audit trail."""
    notice = await _notice()
    body = await api.query(PHOTO, {"n": gid("Notice", notice.id)}, as_user="nph_zhang", files={"f": ("a.png", PNG)})
    url = body["data"]["attachNoticePhoto"]["attachment"]["url"]
    admin = await User.get(username="nph_admin")
    before = await Event.filter(type="access.denied", actor_id=admin.id).count()
    hidden = await _download(client, api, url, "nph_admin")
    missing = await _download(client, api, "/attachments/99999999999", "nph_admin")
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()
    assert await Event.filter(type="access.denied", actor_id=admin.id).count() > before


async def test_issue_15_a_refusal_names_what_was_refused_without_any_id(api: Api) -> None:
    """Issue 15 (6): "user:13 may not accept transfer in agency 4" told who holds a record; now no ID is said."""
    body = await api.query('mutation { createApiKey(agency: "QWdlbmN5OjE=", name: "x") { errors { code } } }',
                           as_user="zrj_zhou")  # fmt: skip
    [error] = body["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["message"] == "you may not manage api key here" and not any(c.isdigit() for c in error["message"])
