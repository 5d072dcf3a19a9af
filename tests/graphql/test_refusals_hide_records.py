"""Issue 15 (6): an act on a record the principal may not read answers exactly as an act on a record that does not
exist, so that trying every mutation on every ID tells nothing of which records exist or who holds them; the refusal
is still audited, once.

The mutations and their ID arguments (top level and inside input objects) come from introspection: a mutation added
tomorrow is tried by this test, and an ID argument of a type it does not know fails it until it is listed below.
Agencies, matters, catalogs and users are not hidden (reference data, and users' public projection), so refusals
about them may say so.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from tortoise.models import Model

import models
from models.enums import GuidanceKind, Role
from procedures import api_keys, guidance, webhooks
from tests.conftest import Api
from tests.rules.test_transfer import actor

PRINCIPAL = "hhz_ma"  # an officer of 黄骅镇, a party to none of the records below
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

# The records an ID argument names, by the GraphQL type its mutation decodes it as.
HIDDEN: dict[str, type[Model]] = {
    "Transfer": models.Transfer,
    "TransferItem": models.TransferItem,
    "TransferMaterial": models.TransferMaterial,
    "Dispute": models.Dispute,
    "Case": models.Case,
    "AssistanceRequest": models.AssistanceRequest,
    "SharingAccessRequest": models.SharingAccessRequest,
    "Notice": models.Notice,
    "Clue": models.Clue,
    "GuidanceDocument": models.GuidanceDocument,
    "Consultation": models.Consultation,
    "JointPlan": models.JointPlan,
    "ApiKey": models.ApiKey,
    "WebhookEndpoint": models.WebhookEndpoint,
}
PUBLIC = {"Agency", "Matter", "SharingCatalog", "CatalogEntry", "User"}
# Which type an ID argument is decoded as: by its name, or by (mutation, name) where one name means two types.
BY_NAME = {
    "transfer": "Transfer", "item": "TransferItem", "material": "TransferMaterial", "dispute": "Dispute",
    "case": "Case", "request": "AssistanceRequest", "notice": "Notice", "clue": "Clue",
    "document": "GuidanceDocument", "consultation": "Consultation", "plan": "JointPlan", "key": "ApiKey",
    "webhook": "WebhookEndpoint", "agency": "Agency", "receiver": "Agency", "requested": "Agency",
    "participants": "Agency", "audience": "Agency", "owner": "Agency", "matter": "Matter", "catalog": "SharingCatalog",
    "entry": "CatalogEntry", "user": "User", "officers": "User",
}  # fmt: skip
BY_MUTATION = {("decideSharingAccess", "request"): "SharingAccessRequest"}

INTROSPECTION = """
{ __schema { mutationType { fields { name args { name type { ...T } } type { ...T } } }
  types { kind name fields { name } enumValues { name } inputFields { name defaultValue type { ...T } } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
"""


def _gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def _render(kind: dict[str, Any]) -> str:
    if kind["kind"] == "NON_NULL":
        return _render(kind["ofType"]) + "!"
    if kind["kind"] == "LIST":
        return f"[{_render(kind['ofType'])}]"
    return str(kind["name"])


def _base(kind: dict[str, Any]) -> dict[str, Any]:
    while kind.get("ofType"):
        kind = kind["ofType"]
    return kind


class Values:
    """An argument value for every type, with the ID arguments of hidden types named by `ids` (one is the record
    under test; the others a record of the principal's own where it has one)."""

    def __init__(self, types: dict[str, dict[str, Any]], mutation: str, own: dict[str, int]) -> None:
        self.types, self.mutation, self.own = types, mutation, own

    def id_type(self, name: str) -> str:
        type_name = BY_MUTATION.get((self.mutation, name)) or BY_NAME.get(name)
        assert type_name, f"{self.mutation}: the ID argument {name!r} names a type this test does not know"
        return type_name

    def id_paths(self, name: str, kind: dict[str, Any], path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
        """(path, type) of each ID the argument holds that names a hidden record."""
        base = _base(kind)
        if base["name"] == "ID":
            type_name = self.id_type(name)
            if type_name not in PUBLIC:
                assert type_name in HIDDEN, type_name
                yield path, type_name
        elif base["kind"] == "INPUT_OBJECT":
            for f in self.types[base["name"]]["inputFields"]:
                if f["type"]["kind"] == "NON_NULL" or _base(f["type"])["name"] == "ID":
                    yield from self.id_paths(f["name"], f["type"], (*path, f["name"]))

    def value(self, name: str, kind: dict[str, Any], path: tuple[str, ...], target: tuple[tuple[str, ...], str]) -> Any:
        if kind["kind"] == "NON_NULL":
            kind = kind["ofType"]
        if kind["kind"] == "LIST":
            item = self.value(name, kind["ofType"], path, target)
            return [] if item is None else [item]
        base = kind
        if base["name"] == "ID":
            type_name = self.id_type(name)
            if path == target[0]:
                return "TARGET"
            return _gid(type_name, self.own[type_name]) if type_name in self.own else None
        if base["kind"] == "INPUT_OBJECT":
            fields = self.types[base["name"]]["inputFields"]
            out = {}
            for f in fields:
                if f["type"]["kind"] == "NON_NULL" or _base(f["type"])["name"] == "ID":
                    v = self.value(f["name"], f["type"], (*path, f["name"]), target)
                    if v is not None or f["type"]["kind"] == "NON_NULL":
                        out[f["name"]] = [] if v is None and f["type"]["ofType"]["kind"] == "LIST" else v
            return out
        if base["kind"] == "ENUM":
            return self.types[base["name"]]["enumValues"][0]["name"]
        now = datetime.now(UTC)
        scalars = {"String": "核查", "Boolean": False, "Int": 1, "DateTime": now.isoformat(),
                   "Date": now.date().isoformat(), "Decimal": "1"}  # fmt: skip
        return scalars.get(base["name"])  # an Upload is sent as a file


def _substitute(value: Any, gid: str) -> Any:
    if value == "TARGET":
        return gid
    if isinstance(value, list):
        return [_substitute(v, gid) for v in value]
    if isinstance(value, dict):
        return {k: _substitute(v, gid) for k, v in value.items()}
    return value


async def _hidden_record(api: Api, type_name: str) -> int:
    """A row of the type that node(id:) does not return to the principal."""
    model = HIDDEN[type_name]
    ids: list[int] = await model.all().order_by("id").limit(120).values_list("id", flat=True)  # type: ignore[assignment]
    for start in range(0, len(ids), 30):
        chunk = ids[start : start + 30]
        fields = " ".join(f'n{i}: node(id: "{_gid(type_name, pk)}") {{ id }}' for i, pk in enumerate(chunk))
        data = (await api.query("{ " + fields + " }", as_user=PRINCIPAL))["data"] or {}
        for i, pk in enumerate(chunk):
            if data.get(f"n{i}") is None:
                return pk
    raise AssertionError(f"the data hold no {type_name} hidden from {PRINCIPAL}: the test would prove nothing")


async def _denials() -> int:
    return await models.Event.filter(type="access.denied").count()


def _normalised(value: Any, pk: int, gid: str) -> Any:
    """The body with the record's ID written the same way in each text, whichever record it was."""
    if isinstance(value, str):
        return re.sub(rf"(?<!\d){pk}(?!\d)", "N", value.replace(gid, "GID"))
    if isinstance(value, list):
        return [_normalised(v, pk, gid) for v in value]
    if isinstance(value, dict):
        return {k: _normalised(v, pk, gid) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
async def records() -> None:
    """Records of the kinds the seeds may lack, in the market bureau."""
    market = await models.Agency.get(code="黄骅市监")
    key = await api_keys.create_api_key(None, agency_id=market.id, name="拒绝测试", role=Role.INTEGRATOR)
    await webhooks.register_webhook(
        None, agency_id=market.id, url="http://127.0.0.1:9/hook", secret="s" * 32, event_types=[]
    )
    assert key
    resources = await models.Agency.get(code="黄骅自规")
    await guidance.publish(await actor("scj_leader"), kind=GuidanceKind.DOCUMENT, title="执法协作通报", body="",
                           audience_ids=[resources.id])  # fmt: skip


async def test_an_act_on_a_record_out_of_reach_answers_as_on_a_record_that_does_not_exist(
    api: Api, records: None
) -> None:
    schema = (await api.data(INTROSPECTION, as_user="admin"))["__schema"]
    types = {t["name"]: t for t in schema["types"]}
    user = await models.User.get(username=PRINCIPAL)
    own = {"Agency": user.agency_id, "User": user.id}
    tried: list[str] = []
    refused = 0
    for mutation in schema["mutationType"]["fields"]:
        values = Values(types, mutation["name"], own)
        targets = [t for a in mutation["args"] for t in values.id_paths(a["name"], a["type"], (a["name"],))]
        for target in targets:
            hidden = await _hidden_record(api, target[1])
            known: list[int] = await HIDDEN[target[1]].all().values_list("id", flat=True)  # type: ignore[assignment]
            missing = max(known) + 1000
            variables = {a["name"]: values.value(a["name"], a["type"], (a["name"],), target) for a in mutation["args"]}
            files = {a["name"]: ("a.png", PNG) for a in mutation["args"] if _base(a["type"])["name"] == "Upload"}
            declared = ", ".join(f"${a['name']}: {_render(a['type'])}" for a in mutation["args"])
            passed = ", ".join(f"{a['name']}: ${a['name']}" for a in mutation["args"])
            payload = types[_base(mutation["type"])["name"]]
            errors = "errors { code field message }" if any(f["name"] == "errors" for f in payload["fields"]) else ""
            document = f"mutation({declared}) {{ {mutation['name']}({passed}) {{ __typename {errors} }} }}"
            bodies = []
            for pk in (hidden, missing):
                gid = _gid(target[1], pk)
                before = await _denials()
                body = await api.query(document, _substitute(variables, gid), as_user=PRINCIPAL, files=files or None)
                bodies.append((_normalised(body, pk, gid), await _denials() - before, body))
            (shown_hidden, audited, raw), (shown_missing, _, _) = bodies
            where = f"{mutation['name']}({'.'.join(target[0])}: {target[1]})"
            assert shown_hidden == shown_missing, f"{where} tells a hidden record from a missing one: {raw}"
            # Once for a refusal; not at all where the record is an input the act cannot use whoever asks (a case
            # for an assistance request must be the requester's own, a NOT_FOUND for every other one).
            assert audited in (0, 1), f"{where}: the refusal was audited {audited} times"
            tried.append(where)
            refused += audited
    assert len(tried) >= 30 and refused >= len(tried) - 3, (refused, tried)
