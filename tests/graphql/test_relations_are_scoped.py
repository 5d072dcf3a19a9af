"""Issue 15 (1): one scope wherever rows are read. For principals of every role in several agencies, every object
reachable from any root field through any relation path up to three hops deep is one that `node(id:)` returns to the
same principal, with the same values; the one exception is a user of an agency whose users the principal may not
read, who shows its public projection (display name and agency) and nothing else.

The selections are generated from introspection, so a relation added tomorrow is covered by this test without a
line of it changing. Both execution paths are held to it: the planned read path (POST) and Strawberry's (the app
with `planned_reads` off, which also answers every GET). The scenarios are the ones that bit: a transfer between two
agencies on a case a third one sent, a case transferred back and forth, a notice the receiver turned into a case,
a draft the sender has not sent, a dispute escalated to the superior.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

import models
from graphql_api.schema import build_schema
from models.enums import Role
from permissions.authorizer import authorizer
from permissions.credentials import hash_password
from permissions.filters import PUBLIC_RESOURCES
from permissions.principal import user_subject
from permissions.roles import role_line, store_lines
from procedures import api_keys, notification
from procedures import transfer as procedure
from seeds.people import DEMO_PASSWORD
from server.app import create_app
from server.settings import Settings
from tests.conftest import TEST_SECRET, Api
from tests.rules.test_transfer import _new_case, _officer_ids, _start, actor

MAX_HOPS = 3
PAGE = 100
BATCH = 30  # node(id:) fields per document: the schema's alias limit
# What a user of an agency whose users the principal may not read shows: the rest is null.
PUBLIC_USER_FIELDS = frozenset({"__typename", "id", "displayName", "agency"})
# Changes by being used, between the list and the node check: not a scope question.
VOLATILE = frozenset({("ApiKey", "lastUsedAt")})

INTROSPECTION = """
{ __schema { queryType { name } types { kind name interfaces { name }
    fields { name args { name defaultValue type { kind } } type { ...T } } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
"""


def _base(kind: dict[str, Any]) -> dict[str, Any]:
    while kind.get("ofType"):
        kind = kind["ofType"]
    return kind


def _required_args(field_: dict[str, Any]) -> bool:
    return any(a["type"]["kind"] == "NON_NULL" and a["defaultValue"] is None for a in field_["args"])


@dataclass
class Schema:
    types: dict[str, dict[str, Any]]
    query: str
    reference: frozenset[str]  # the types of reference data every signed-in principal reads

    def is_node(self, name: str) -> bool:
        return any(i["name"] == "Node" for i in self.types[name].get("interfaces") or ())

    def leaves(self, name: str) -> list[str]:
        return [f["name"] for f in self.types[name]["fields"] or ()
                if not _required_args(f) and _base(f["type"])["kind"] in {"SCALAR", "ENUM"}]  # fmt: skip

    def selection(self, name: str, hops: int) -> str:
        """Every leaf of the type and, while within MAX_HOPS, every object field with the same below; an object
        that is not a node (a connection, an edge, a deadline) takes no hop of its own."""
        parts = ["__typename", *self.leaves(name)]
        for f in self.types[name]["fields"] or ():
            target = _base(f["type"])
            if _required_args(f) or target["kind"] != "OBJECT":
                continue
            below = hops + 1 if self.is_node(target["name"]) else hops
            # From reference data to reference data (an agency's children, a matter's jurisdictions) nothing is
            # scoped, and following such hops makes documents past any use.
            if name in self.reference and target["name"] in self.reference:
                continue
            if below <= MAX_HOPS:
                parts.append(f"{f['name']} {{ {self.selection(target['name'], below)} }}")
        return " ".join(parts)

    def roots(self) -> Iterator[tuple[str, str, bool]]:
        """(field, its document, whether it is a page to follow) for each root field that needs no argument."""
        for f in self.types[self.query]["fields"]:
            target = _base(f["type"])
            if _required_args(f) or target["kind"] != "OBJECT" or f["name"] == "node":
                continue
            paged = target["name"].endswith("Connection") and {"first", "after"} <= {a["name"] for a in f["args"]}
            hops = 0 if self.is_node(target["name"]) else -1 if paged else 0
            inner = self.selection(target["name"], hops)
            if paged:
                yield f["name"], f"query($a: String) {{ {f['name']}(first: {PAGE}, after: $a) {{ {inner} }} }}", True
            else:
                yield f["name"], f"{{ {f['name']} {{ {inner} }} }}", False


@dataclass
class Seen:
    """The node objects a principal was shown, by global ID: each time it was shown, with the path."""

    objects: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)

    def walk(self, value: Any, path: str, schema: Schema) -> None:
        if isinstance(value, list):
            for item in value:
                self.walk(item, path, schema)
        elif isinstance(value, dict):
            typename = value.get("__typename")
            if typename and "id" in value and schema.is_node(typename):
                self.objects.setdefault(value["id"], []).append((path, value))
            for key, child in value.items():
                self.walk(child, f"{path}.{key}", schema)


async def _introspect(api: Api) -> Schema:
    data = (await api.data(INTROSPECTION, as_user="admin"))["__schema"]
    types = {t["name"]: t for t in data["types"] if t["kind"] == "OBJECT"}
    built = build_schema()
    reference = frozenset(
        name for name in types
        if getattr(getattr(built.get_type_by_name(name), "origin", None), "_resource", None) in PUBLIC_RESOURCES
    )  # fmt: skip
    return Schema(types, data["queryType"]["name"], reference)


def _leaf_values(value: dict[str, Any], schema: Schema, typename: str) -> dict[str, Any]:
    leaves = set(schema.leaves(typename))
    return {k: v for k, v in value.items() if k in leaves and (typename, k) not in VOLATILE}


async def _shown(api: Api, schema: Schema, who: dict[str, str]) -> Seen:
    seen = Seen()
    for name, document, paged in schema.roots():
        after = None
        for _ in range(100):
            body = await api.query(document, {"a": after} if paged else {}, **who)  # type: ignore[arg-type]
            errors = body.get("errors") or []
            # A refused root, or a field its permission guards (a complainant's contact): nothing else fails.
            codes = [(len(e.get("path") or ()), e.get("extensions", {}).get("code")) for e in errors]
            unexpected = [e for e, (deep, code) in zip(errors, codes, strict=True) if deep > 1 and code != "FORBIDDEN"]
            assert not unexpected, (name, who, unexpected)
            if body.get("data") is None:
                break
            root = body["data"][name]
            seen.walk(root, name, schema)
            if not paged or not root["pageInfo"]["hasNextPage"]:
                break
            after = root["pageInfo"]["endCursor"]
    return seen


async def _violations(api: Api, schema: Schema, who: dict[str, str], seen: Seen) -> list[str]:
    found: list[str] = []
    ids = sorted(seen.objects)
    # Reference data is public by declaration (every signed-in principal reads it through node(id:) too).
    ids = [i for i in ids if seen.objects[i][0][1]["__typename"] not in schema.reference]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        fields = []
        for i, gid in enumerate(chunk):
            typename = base64.b64decode(gid).decode().split(":")[0]
            leaves = " ".join(schema.leaves(typename))
            fields.append(f'n{i}: node(id: "{gid}") {{ __typename ... on {typename} {{ {leaves} }} }}')
        body = await api.query("{ " + " ".join(fields) + " }", **who)  # type: ignore[arg-type]
        data = body.get("data") or {}
        for i, gid in enumerate(chunk):
            node = data.get(f"n{i}")
            for path, shown in seen.objects[gid]:
                typename = shown["__typename"]
                if node is None:
                    if typename == "User":
                        extra = {k for k, v in shown.items() if v is not None and k not in PUBLIC_USER_FIELDS}
                        if extra:
                            found.append(f"{path}: user {gid} of an agency out of reach shows {sorted(extra)}")
                    else:
                        found.append(f"{path}: {typename} {gid} is shown but node(id:) does not return it")
                    continue
                expected = _leaf_values(node, schema, typename)
                differs = {k for k, v in _leaf_values(shown, schema, typename).items() if expected.get(k) != v}
                if differs:
                    found.append(f"{path}: {typename} {gid} differs from node(id:) in {sorted(differs)}")
    return found


async def _scenarios() -> None:
    """Records that put rows of one agency next to rows of another."""
    nph, market = await models.Agency.get(code="南排河"), await models.Agency.get(code="黄骅市监")
    resources = await models.Agency.get(code="黄骅自规")
    nph_officers = await _officer_ids("nph_zhang", "nph_li")
    market_officers = await _officer_ids("scj_liu", "scj_chen")
    zhang, nph_leader = await actor("nph_zhang"), await actor("nph_leader")
    liu, market_leader = await actor("scj_liu"), await actor("scj_leader")
    receipt = procedure.ReceiptInput(place="县市场监管局")

    async def to_market(number: str) -> models.Case:
        case = await _new_case(number)
        sent = await procedure.start_transfer(zhang, _start(case, nph_officers))
        await procedure.send(nph_leader, sent.id)
        await procedure.confirm_receipt(liu, sent.id, receipt)
        await procedure.accept(liu, sent.id)
        return case

    # A transfer between the market bureau and the resources bureau, on a case Nanpaihe sent: Nanpaihe sees the
    # case (it sent it once) but not that transfer, nor its events.
    third = await to_market("REL-third-party")
    onward = await procedure.start_transfer(liu, _start(third, market_officers, receiver_id=resources.id,
                                                        receiver_reason="涉及土地违法,属自然资源部门管辖"))  # fmt: skip
    await procedure.send(market_leader, onward.id)
    # Back and forth: Nanpaihe → market bureau → Nanpaihe.
    back = await to_market("REL-back-and-forth")
    returned = await procedure.start_transfer(liu, _start(back, market_officers, receiver_id=nph.id,
                                                          receiver_reason="经核查属乡镇赋权事项"))  # fmt: skip
    await procedure.send(market_leader, returned.id)
    await procedure.confirm_receipt(zhang, returned.id, procedure.ReceiptInput(place="南排河镇综合执法队"))
    await procedure.accept(zhang, returned.id)
    # A draft Nanpaihe has not sent: the market bureau has no part in it yet.
    await procedure.start_transfer(zhang, _start(await _new_case("REL-draft"), nph_officers))
    # A notice the market bureau turned into a case of its own: Nanpaihe, the sender, does not see that case.
    found = notification.NoticeInput(place="南排河镇海堡村", found_at=datetime.now(UTC), facts="无照经营",
                                     dissuasion="当场劝阻", receiver_id=market.id)  # fmt: skip
    notice = await notification.notify(zhang, found)
    await notification.open_case(liu, notice.id, title="无照经营海产品")
    # A dispute escalated to the common superior, which sees that transfer and its case, and nothing else of theirs.
    disputed = await _new_case("REL-disputed")
    sent = await procedure.start_transfer(zhang, _start(disputed, nph_officers))
    await procedure.send(nph_leader, sent.id)
    await procedure.confirm_receipt(liu, sent.id, receipt)
    dispute = await procedure.dispute(liu, sent.id, reason="不属本局管辖")
    await procedure.negotiate(zhang, dispute.id, body="请再核查赋权目录")
    await procedure.escalate(market_leader, dispute.id)


async def _principals() -> list[dict[str, str]]:
    """Every role in several agencies: the demo officers, and a registrar, an agency administrator and an
    integrator's key of the market bureau."""
    market = await models.Agency.get(code="黄骅市监")
    lines = []
    for username, role in [("rel_scj_registrar", Role.REGISTRAR), ("rel_scj_admin", Role.AGENCY_ADMIN)]:
        user = await models.User.get_or_none(username=username)
        if user is None:
            user = await models.User.create(username=username, display_name=username, agency=market,
                                            password_hash=hash_password(DEMO_PASSWORD), phone="130")  # fmt: skip
        lines.append(role_line(user_subject(user.id), role, market.id))
    await store_lines(lines)
    key = await api_keys.create_api_key(None, agency_id=market.id, name="关系范围测试", role=Role.INTEGRATOR)
    await authorizer.load()
    users = ["nph_zhang", "nph_leader", "nph_registrar", "nph_admin", "scj_liu", "scj_leader", "rel_scj_registrar",
             "rel_scj_admin", "zrj_zhou", "hhz_ma", "sfj_supervisor", "admin"]  # fmt: skip
    return [{"as_user": u} for u in users] + [{"authorization": f"Bearer {key.secret}"}]


@pytest.fixture(scope="module")
async def principals() -> list[dict[str, str]]:
    await _scenarios()
    return await _principals()


@pytest.fixture(params=["planned", "ordinary"])
async def path_api(request: pytest.FixtureRequest, database_url: str, api: Api) -> AsyncIterator[Api]:
    """A client of an app with room for the generated documents, on the planned read path or off it; the tokens
    are the session's (one secret signs them all)."""
    settings = Settings(database_url=database_url, secret_key=TEST_SECRET, max_query_tokens=1_000_000,
                        max_query_depth=64, planned_reads=request.param == "planned")  # fmt: skip
    app = create_app(settings, manage_database=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://caselink.test") as client:
        yield Api(client, tokens=api.tokens)


async def test_every_object_reached_through_relations_is_one_node_returns(
    path_api: Api, principals: list[dict[str, str]]
) -> None:
    schema = await _introspect(path_api)
    assert {"transfers", "timeline", "case", "officers", "createdBy"} <= {
        f["name"] for t in schema.types.values() for f in t["fields"] or ()
    }
    problems: list[str] = []
    for who in principals:
        seen = await _shown(path_api, schema, who)
        found = await _violations(path_api, schema, who, seen)
        problems += [f"{next(iter(who.values()))[:24]}: {line}" for line in found]
    assert not problems, f"{len(problems)} objects out of scope:\n" + "\n".join(sorted(set(problems))[:60])


# The examples of issue 15 (1), each as the adversary met it, on both paths.


def _gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


async def _case_node(api: Api, number: str, selection: str, as_user: str) -> dict[str, Any]:
    case = await models.Case.get(number=number)
    data = await api.data(f'{{ node(id: "{_gid("Case", case.id)}") {{ ... on Case {{ {selection} }} }} }}',
                          as_user=as_user)  # fmt: skip
    node: dict[str, Any] | None = data["node"]
    assert node is not None, (number, as_user)
    return node


async def test_a_case_lists_only_the_transfers_its_reader_is_a_party_to(
    path_api: Api, principals: list[dict[str, str]]
) -> None:
    """Nanpaihe sent REL-third-party to the market bureau, which sent it on to the resources bureau: Nanpaihe sees
    its own transfer, not the onward one, nor any of that one's events in the case's timeline."""
    node = await _case_node(path_api, "REL-third-party", "transfers { id reason sender { code } receiver { code } }"
                            " timeline { subjectType subjectId }", "nph_zhang")  # fmt: skip
    assert [(t["sender"]["code"], t["receiver"]["code"]) for t in node["transfers"]] == [("南排河", "黄骅市监")]
    onward = await models.Transfer.get(case__number="REL-third-party", receiver__code="黄骅自规")
    assert await models.Event.filter(subject_type="transfer", subject_id=onward.id, case_id=onward.case_id).exists()
    assert ("transfer", onward.id) not in {(e["subjectType"], e["subjectId"]) for e in node["timeline"]}
    # The resources bureau, a party to the onward transfer, sees it.
    theirs = await _case_node(path_api, "REL-third-party", "transfers { receiver { code } }", "zrj_zhou")
    assert {"黄骅自规"} <= {t["receiver"]["code"] for t in theirs["transfers"]}


async def test_a_registrar_reads_no_transfer_through_the_cases_it_lists(
    path_api: Api, principals: list[dict[str, str]]
) -> None:
    refused = await path_api.query("{ transfers(first: 5) { totalCount } }", as_user="nph_registrar")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    document = "{ cases(first: 100) { totalCount edges { node { transfers { id officers { officer { phone } } } } } } }"
    data = await path_api.data(document, as_user="nph_registrar")
    assert data["cases"]["totalCount"] > 0
    assert all(edge["node"]["transfers"] == [] for edge in data["cases"]["edges"])


async def test_a_notices_sender_does_not_reach_the_case_the_receiver_opened_from_it_unless_it_follows_it(
    path_api: Api, principals: list[dict[str, str]]
) -> None:
    """R-B1: the notifying agency follows the case opened from its notice, so Notice.case and node(id:) agree: both
    return it to the sender; an agency that is neither sender nor receiver sees neither."""
    notice = await models.Notice.get(facts="无照经营", case_id__isnull=False)
    document = f'{{ node(id: "{_gid("Notice", notice.id)}") {{ ... on Notice {{ case {{ id }} }} }} }}'
    shown = (await path_api.data(document, as_user="nph_zhang"))["node"]["case"]
    assert shown is not None
    again = await path_api.data(f'{{ node(id: "{shown["id"]}") {{ id }} }}', as_user="nph_zhang")
    assert again["node"] == {"id": shown["id"]}
    assert (await path_api.query(document, as_user="zrj_zhou"))["data"] == {"node": None}


async def test_a_user_of_another_agency_shows_only_its_public_projection(
    path_api: Api, principals: list[dict[str, str]]
) -> None:
    """The market bureau's officer who sent REL-back-and-forth back: Nanpaihe's officer sees the name and agency,
    not the phone, certificate number, username or roles; the market bureau's own leader sees them."""
    selection = ("transfers { sender { code } createdBy { displayName username phone certificateNo isActive roles"
                 " agency { code } } officers { officer { displayName phone certificateNo } } }")  # fmt: skip
    node = await _case_node(path_api, "REL-back-and-forth", selection, "nph_zhang")
    back = next(t for t in node["transfers"] if t["sender"]["code"] == "黄骅市监")
    assert back["createdBy"] == {"displayName": back["createdBy"]["displayName"], "username": None, "phone": None,
                                 "certificateNo": None, "isActive": None, "roles": None,
                                 "agency": {"code": "黄骅市监"}}  # fmt: skip
    assert all(o["officer"]["phone"] is None and o["officer"]["certificateNo"] is None for o in back["officers"])
    own = await _case_node(path_api, "REL-back-and-forth", selection, "scj_leader")
    theirs = next(t for t in own["transfers"] if t["sender"]["code"] == "黄骅市监")
    assert theirs["createdBy"]["username"] == "scj_liu" and theirs["createdBy"]["roles"]
    assert all(o["officer"]["certificateNo"] for o in theirs["officers"])


async def test_a_case_timeline_lists_only_events_whose_audience_holds_the_reader(
    path_api: Api, principals: list[dict[str, str]]
) -> None:
    """The market bureau received REL-third-party from Nanpaihe: Nanpaihe's internal events of the case (its
    opening) are not in the timeline the market bureau reads, though they are events of the same case."""
    node = await _case_node(path_api, "REL-third-party", "timeline { id type }", "scj_liu")
    case = await models.Case.get(number="REL-third-party")
    market = await models.Agency.get(code="黄骅市监")
    events = await models.Event.filter(case_id=case.id)
    heard = set(await models.EventAudience.filter(agency_id=market.id).values_list("event_id", flat=True))
    shown = {int(base64.b64decode(e["id"]).decode().split(":")[1]) for e in node["timeline"]}
    assert shown <= heard
    assert {e.id for e in events} - heard, "the scenario holds an event of the case the market bureau may not read"
