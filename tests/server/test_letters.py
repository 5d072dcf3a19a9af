"""The printable letters of R-B1, R-B2 and R-D1 over HTTP: their fields, the read scope of the API's lists, the
complainant's contact only for a reader allowed it, and JSON errors (never a 500) for anything else."""

from __future__ import annotations

from datetime import date, datetime

import httpx
import pytest

from models import Agency, Case, Clue, Matter, Party, User
from models.enums import AssistanceKind, ClueChannel, NoticeOutcome, PartyKind
from permissions.principal import Principal, user_subject
from procedures import assistance, documents, notification
from procedures import clue as clues
from procedures.calendar import CHINA
from tests.conftest import Api


async def actor(username: str) -> Principal:
    user = await User.get(username=username)
    return Principal(subject=user_subject(user.id), agency_id=user.agency_id, user_id=user.id, username=username)


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=CHINA)


async def _get(api: Api, url: str, username: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {await api.token(username)}"} if username else {}
    return await api.client.get(url, headers=headers)


async def _html(api: Api, url: str, username: str) -> str:
    response = await _get(api, url, username)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


async def _status(api: Api, url: str, username: str | None) -> int:
    response = await _get(api, url, username)
    assert response.headers["content-type"] == "application/json", response.text  # never Starlette's text page
    return response.status_code


def _contains(html: str, *texts: str | None) -> None:
    for text in texts:
        assert text and text in html, text


async def test_r_b1_the_notice_letter_prints_the_violation_and_the_deadline_then_the_outcome(api: Api) -> None:
    """R-B1: the notice of a suspected violation, readable by the sender and the receiver only; the receiver's outcome
    is printed once reported."""
    kept = await Matter.get(code="SC-009")
    data = notification.NoticeInput(
        place="南排河镇渔港东码头", found_at=at(9, 30, 8), facts="流动摊贩销售无中文标签的冷冻食品", matter_id=kept.id,
        dissuasion="当场劝阻,责令停止销售并撤离", party_name="某流动摊贩", party_detail="<b>男,约四十岁</b>",
    )  # fmt: skip
    notice = await notification.notify(await actor("nph_zhang"), data, at=at(9, 30))
    url = documents.notice_letter_url(notice.id)
    assert url == f"/documents/notices/{notice.id}/letter"
    letter = await _html(api, url, "scj_liu")
    _contains(
        letter, "涉嫌违法行为告知函", notice.number, "南排河镇人民政府", "黄骅市市场监督管理局", kept.name,
        "南排河镇渔港东码头", "2026年9月30日8时00分", data.facts, data.dissuasion, "某流动摊贩", "张伟",
        "于2026年10月13日前", "2026年9月30日",
    )  # fmt: skip
    assert "&lt;b&gt;男,约四十岁&lt;/b&gt;" in letter and "<b>男" not in letter  # escaped, not markup
    assert "调查处理情况回复" not in letter
    assert "涉嫌违法行为告知函" in await _html(api, url, "nph_zhang")  # the sender prints it too

    await notification.report(await actor("scj_liu"), notice.id, outcome=NoticeOutcome.NO_VIOLATION,
                              text="经现场核查,摊贩已撤离,未发现违法经营", at=at(10, 9, 15))  # fmt: skip
    _contains(await _html(api, url, "nph_zhang"), "调查处理情况回复", "经查未发现违法行为", "经现场核查,摊贩已撤离",
              "2026年10月9日")  # fmt: skip

    assert await _status(api, url, "hhz_ma") == 404  # another township: outside the scope of `notices`
    assert await _status(api, url, None) == 401
    assert await _status(api, url, "nph_admin") == 404  # reads no notices at all: answered as nothing there
    assert await _status(api, documents.notice_letter_url(2**31 - 1), "scj_liu") == 404


async def _passed_on_clue(*, anonymous: bool = False) -> tuple[Clue, str]:
    kept = await Matter.get(code="SC-009")
    who = None if anonymous else clues.ComplainantInput(
        name="钱女士", phone="13700001111", email="qian@example.cn", address="南排河镇李家堡村5号"
    )  # fmt: skip
    data = clues.RegisterInput(channel=ClueChannel.HOTLINE_12345, content="某作坊用非食品原料加工虾皮,夜间生产",
                               party_name="某海产品加工作坊", matter_id=kept.id, complainant=who,
                               received_at=at(9, 29, 9))  # fmt: skip
    registered = await clues.register(await actor("nph_registrar"), data, at=at(9, 29, 9))
    url = documents.clue_letter_url(registered.id)
    return registered, url


async def test_r_b2_the_clue_transfer_letter_shows_the_contact_only_to_who_may_read_it(api: Api) -> None:
    """R-B2: the clue transfer letter carries the clue, the party and the jurisdiction basis, and asks for feedback;
    the complainant's contact is printed for the handling registrar and officer, withheld from a county supervisor
    who reads clues but not contacts (clue:read without clue:read_contact)."""
    registered, url = await _passed_on_clue()
    assert url == f"/documents/clues/{registered.id}/letter"
    assert await _status(api, url, "nph_registrar") == 404  # not passed on: there is no letter yet
    clue = await clues.pass_on(await actor("nph_registrar"), registered.id, at=at(9, 30))
    letter = await _html(api, url, "nph_registrar")
    _contains(
        letter, "违法线索移送函", clue.letter_number, clue.number, "南排河镇人民政府", "黄骅市市场监督管理局",
        "12345热线", "2026年9月29日", "2026年9月30日", clue.content, "某海产品加工作坊", clue.jurisdiction_basis,
        "将处理结果反馈我单位", "钱女士", "13700001111", "qian@example.cn", "南排河镇李家堡村5号",
    )  # fmt: skip
    assert "处理结果回复" not in letter
    _contains(await _html(api, url, "scj_liu"), "13700001111", "qian@example.cn")  # the receiving agency's officer

    supervised = await _html(api, url, "sfj_supervisor")
    _contains(supervised, clue.letter_number, clue.content, "钱女士", "仅限承办单位有权人员查阅")
    for contact in ("13700001111", "qian@example.cn", "李家堡村5号"):
        assert contact not in supervised, contact

    await clues.report_result(await actor("scj_liu"), clue.id, result="经查属实,已立案查处", at=at(10, 16))
    _contains(await _html(api, url, "nph_registrar"), "处理结果回复", "经查属实,已立案查处", "2026年10月16日")

    assert await _status(api, url, "hhz_ma") == 404
    assert await _status(api, url, None) == 401
    assert await _status(api, url, "nph_admin") == 404  # no clue:read at all


async def test_r_b2_an_anonymous_clue_letter_has_no_contact_to_hide(api: Api) -> None:
    """R-B2: an anonymous complaint is passed on the same way; the letter says so."""
    registered, url = await _passed_on_clue(anonymous=True)
    await clues.pass_on(await actor("nph_registrar"), registered.id, at=at(9, 30))
    letter = await _html(api, url, "scj_liu")
    assert "匿名" in letter and "联系电话" not in letter and "仅限承办单位" not in letter


async def _case_with_party(number: str) -> Case:
    nph = await Agency.get(code="南排河")
    case = await Case.create(number=number, title="无证经营冷冻海产品", agency=nph, territory=nph,
                             matter=await Matter.get(code="SC-009"), discovered_at=at(9, 28))  # fmt: skip
    await Party.create(case=case, kind=PartyKind.PERSON, name="王某某", id_number="130983199001011234")
    return case


async def test_r_d1_the_assistance_letter_prints_the_request_and_then_the_refusal(api: Api) -> None:
    """R-D1: the written request names both agencies, the case and its party, what is needed, why, the basis, the time
    wanted and the answer deadline; a refusal is printed with its reason, and its escalation."""
    case = await _case_with_party("R-D1-letter")
    market = await Agency.get(code="黄骅市监")
    data = assistance.RequestInput(
        requested_id=market.id, kind=AssistanceKind.TECHNICAL_SUPPORT, needed="请协助对涉案冷冻海产品抽样检测",
        reason="乡镇不具备检测条件", case_id=case.id, wanted_by=date(2026, 10, 12), contact="张伟",
    )  # fmt: skip
    request = await assistance.request_assistance(await actor("nph_zhang"), data, at=at(9, 30))
    url = documents.assistance_letter_url(request.id)
    assert url == f"/documents/assistance/{request.id}/letter"
    letter = await _html(api, url, "scj_liu")
    _contains(
        letter, "行政执法协助函", request.number, "南排河镇人民政府", "黄骅市市场监督管理局", case.number,
        case.title, "王某某", "技术支持", data.needed, data.reason, assistance.BASIS, "2026年10月12日",
        "于2026年10月13日前", "2026年9月30日", "张伟",
    )  # fmt: skip
    assert "130983199001011234" not in letter  # the party's name, never the ID number
    assert "协助答复" not in letter

    await assistance.refuse(await actor("scj_leader"), request.id, reason="检测设备检修,无法按期检测", at=at(10, 9))
    refused = await _html(api, url, "nph_zhang")
    _contains(refused, "协助答复", "不予协助", "检测设备检修,无法按期检测", "2026年10月9日", "杨帆")
    escalated = await assistance.escalate_refusal(await actor("nph_zhang"), request.id, at=at(10, 10))
    superior = await Agency.get(id=escalated.superior_id)
    _contains(await _html(api, url, "nph_zhang"), f"已于2026年10月10日提请{superior.name}协调")
    _contains(await _html(api, url, "sfj_supervisor"), request.number)  # the county supervisor reads every request

    assert await _status(api, url, "hhz_ma") == 404
    assert await _status(api, url, None) == 401
    assert await _status(api, url, "nph_registrar") == 404  # a registrar reads no assistance requests


async def test_r_d1_a_partial_answer_is_printed_with_what_was_provided(api: Api) -> None:
    """R-D1: the asked agency provides part of what was asked; the letter shows the reply."""
    market = await Agency.get(code="黄骅市监")
    data = assistance.RequestInput(requested_id=market.id, kind=AssistanceKind.DOCUMENTS,
                                   needed="请提供当事人的食品经营许可档案")  # fmt: skip
    request = await assistance.request_assistance(await actor("nph_zhang"), data, at=at(11, 2))
    await assistance.answer(await actor("scj_liu"), request.id, partly=True, reply="已提供2024年以后的档案",
                            at=at(11, 4))  # fmt: skip
    _contains(await _html(api, documents.assistance_letter_url(request.id), "nph_zhang"),
              "部分协助", "已提供2024年以后的档案", "刘洋", "2026年11月4日")  # fmt: skip


@pytest.mark.parametrize(
    "path",
    [
        "/documents/notices/abc/letter",
        "/documents/clues/99999999999999999999/letter",  # beyond the integer keys: no record, and no SQL error
        "/documents/assistance/0/letter",
        "/documents/assistance/1/receipt",
        "/documents/transfers/1/invoice",
        "/documents/nothing",
    ],
)
async def test_r_b1_r_b2_r_d1_unknown_documents_are_json_404s_never_500s(api: Api, path: str) -> None:
    assert await _status(api, path, "sfj_supervisor") == 404
    assert await _status(api, path, None) == 401
