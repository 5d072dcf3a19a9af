"""R-F1 from first act to last, through GraphQL: a county department guides the townships with a typical case and a
training; each township confirms it read them, once, and the department sees who did."""

from __future__ import annotations

from typing import Any

from tests.scenarios.support import (
    Api,
    agency_gid,
    events_seen,
    forbidden,
    gid,
    hidden,
    invalid,
    node,
    refused_as_missing,
)

DOCUMENT = """id title kind body eventAt publishedAt issuer { code } audience { code }
  reads { agency { code } createdAt }"""
PUBLISH = f"""mutation($input: PublishGuidanceInput!) {{ publishGuidance(input: $input) {{
  document {{ {DOCUMENT} }} errors {{ code field message }} }} }}"""
CONFIRM = f"""mutation($d: ID!) {{ confirmGuidanceRead(document: $d) {{
  document {{ {DOCUMENT} }} errors {{ code field message }} }} }}"""
EVENTS = ["guidance.published", "guidance.read"]


def _guidance(audience: list[str], **changes: Any) -> dict[str, Any]:
    return {"input": {"kind": "TYPICAL_CASE", "title": "渔港销售无标签冷冻食品典型案例",
                      "body": "案情、证据要点、法律适用与处罚裁量", "audience": audience, **changes}}  # fmt: skip


async def test_r_f1_a_department_guides_the_townships_which_confirm_reading_once(api: Api) -> None:
    """R-F1: the market regulator publishes a typical case to two townships; each confirms it read it, once; an
    agency it is not addressed to neither reads nor confirms it. Each refused or invalid step writes nothing."""
    nph, town, market = await agency_gid("南排河"), await agency_gid("黄骅镇"), await agency_gid("黄骅市监")
    townships = [nph, town]

    # A leader publishes, to at least one other agency that exists, under a title.
    await forbidden(api, PUBLISH, _guidance(townships), as_user="scj_liu")
    await invalid(api, PUBLISH, _guidance([market]), as_user="scj_leader", code="NO_AUDIENCE", field="audience")
    await invalid(api, PUBLISH, _guidance(townships, title=" "), as_user="scj_leader", code="REASON_REQUIRED",
                  field="title")  # fmt: skip
    await invalid(api, PUBLISH, _guidance([nph, gid("Agency", 999_999)]), as_user="scj_leader", code="NOT_FOUND",
                  field="audience")  # fmt: skip

    # 1. The department publishes the typical case to the townships.
    published = (await api.data(PUBLISH, _guidance(townships), as_user="scj_leader"))["publishGuidance"]
    assert published["errors"] == []
    document = published["document"]
    assert document["kind"] == "TYPICAL_CASE" and document["issuer"] == {"code": "黄骅市监"}
    assert sorted(a["code"] for a in document["audience"]) == ["南排河", "黄骅镇"]
    assert document["reads"] == [] and document["publishedAt"]

    # Each township is told and reads it; a department it is not addressed to does not.
    for user in ("nph_zhang", "hhz_ma"):
        assert await events_seen(api, "guidance", document["id"], EVENTS, as_user=user) == ["guidance.published"]
        assert (await node(api, document["id"], "title body", as_user=user))[
            "body"
        ] == "案情、证据要点、法律适用与处罚裁量"
    await hidden(api, document["id"], as_user="zrj_zhou")

    # 2. Nanpaihe confirms it read it; the confirmation is the agency's, once.
    confirmed = (await api.data(CONFIRM, {"d": document["id"]}, as_user="nph_zhang"))["confirmGuidanceRead"]
    assert confirmed["errors"] == []
    assert [r["agency"]["code"] for r in confirmed["document"]["reads"]] == ["南排河"]
    await invalid(api, CONFIRM, {"d": document["id"]}, as_user="nph_li", code="ALREADY_CONFIRMED", field="document")

    # Agencies it is not addressed to do not confirm: neither an unrelated department (to which the document does
    # not exist) nor the issuer itself.
    await refused_as_missing(api, CONFIRM, {"d": document["id"]}, as_user="zrj_zhou", field="document")
    await forbidden(api, CONFIRM, {"d": document["id"]}, as_user="scj_liu")

    # 3. Huanghua town confirms too.
    confirmed = (await api.data(CONFIRM, {"d": document["id"]}, as_user="hhz_zhu"))["confirmGuidanceRead"]
    assert sorted(r["agency"]["code"] for r in confirmed["document"]["reads"]) == ["南排河", "黄骅镇"]

    # 4. The department sees who read it and when; each township sees its own confirmation.
    issued = await node(api, document["id"], "reads { agency { code } createdAt }", as_user="scj_leader")
    assert sorted(r["agency"]["code"] for r in issued["reads"]) == ["南排河", "黄骅镇"]
    assert all(r["createdAt"] for r in issued["reads"])
    assert await events_seen(api, "guidance", document["id"], EVENTS, as_user="scj_leader") == [
        "guidance.published", "guidance.read", "guidance.read"]  # fmt: skip
    assert await events_seen(api, "guidance", document["id"], EVENTS, as_user="nph_li") == [
        "guidance.published", "guidance.read"]  # fmt: skip


async def test_r_f1_a_training_for_the_townships_has_its_date_and_its_confirmations(api: Api) -> None:
    """R-F1: guidance is also given by seminars and training: a training is published with when it is held."""
    nph = await agency_gid("南排河")
    training = _guidance([nph], kind="TRAINING", title="自然资源领域赋权事项执法培训", body="违法占地查处流程",
                         eventAt="2026-12-15T09:00:00+08:00")  # fmt: skip
    await forbidden(api, PUBLISH, training, as_user="zrj_zhou")
    document = (await api.data(PUBLISH, training, as_user="zrj_leader"))["publishGuidance"]["document"]
    assert document["kind"] == "TRAINING" and document["eventAt"] == "2026-12-15T01:00:00+00:00"
    assert document["issuer"] == {"code": "黄骅自规"} and [a["code"] for a in document["audience"]] == ["南排河"]
    await hidden(api, document["id"], as_user="hhz_ma")
    confirmed = (await api.data(CONFIRM, {"d": document["id"]}, as_user="nph_leader"))["confirmGuidanceRead"]
    assert [r["agency"]["code"] for r in confirmed["document"]["reads"]] == ["南排河"]
    issued = await node(api, document["id"], "reads { agency { code } }", as_user="zrj_wu")
    assert issued == {"reads": [{"agency": {"code": "南排河"}}]}
