"""The printable letters of R-B1, R-B2 and R-D1 over HTTP: their fields, the read scope of the API's lists, the
complainant's contact only for a reader allowed it, and JSON errors (never a 500) for anything else."""

from __future__ import annotations

from datetime import datetime

import httpx

from models import Matter, User
from models.enums import NoticeOutcome
from permissions.principal import Principal, user_subject
from procedures import documents, notification
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
    assert await _status(api, url, "nph_admin") == 403  # an agency administrator reads no notices at all
    assert await _status(api, documents.notice_letter_url(2**31 - 1), "scj_liu") == 404
