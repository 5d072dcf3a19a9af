"""The authorization matrix: every operation of the schema × every role × own / involved / superior / unrelated.

Operations are found by introspection, so a new query, mutation or subscription without a row here fails the test.
For reads it checks three things: FORBIDDEN exactly where the role may not read the object at all, the target record
seen exactly from the relations that involve it, and no private record of an outside agency ever, except for the
county-wide roles.
"""

from __future__ import annotations

import asyncio
import base64
from datetime import timedelta
from typing import Any

import pytest
from strawberry.types import ExecutionResult

from events.stream import EventHub, set_hub
from graphql_api.context import ApiConfig, Context
from graphql_api.schema import build_schema
from models import User
from models.enums import Role
from procedures.accounts import principal_for_api_key, principal_for_user
from tests.conftest import LOGIN, Api, error_codes
from tests.graphql.matrix_world import PASSWORD, RELATIONS, MatrixWorld, build_world, gid

OFF, LEAD, REG, ADM, SUP, INT, SYS = (Role.OFFICER, Role.LEADER, Role.REGISTRAR, Role.AGENCY_ADMIN,
                                      Role.SUPERVISOR, Role.INTEGRATOR, Role.SYSTEM_ADMIN)  # fmt: skip
EVERYONE = frozenset(Role)
COUNTY_WIDE = frozenset({SUP, SYS})
INVOLVED = frozenset({"own", "involved"})

# list operation → (roles that may read it, relations from which OWN's target record is seen)
LISTS: dict[str, tuple[frozenset[Role], frozenset[str]]] = {
    "cases": (frozenset({OFF, LEAD, REG, SUP, INT, SYS}), frozenset({"own", "involved", "superior"})),
    "transfers": (frozenset({OFF, LEAD, SUP, INT, SYS}), frozenset({"own", "involved", "superior"})),
    "notices": (frozenset({OFF, LEAD, REG, SUP, INT, SYS}), INVOLVED),
    "clues": (frozenset({OFF, LEAD, REG, SUP, SYS}), INVOLVED),
    "assistanceRequests": (frozenset({OFF, LEAD, SUP, INT, SYS}), INVOLVED),
    "consultations": (frozenset({OFF, LEAD, SUP, SYS}), INVOLVED),
    "jointPlans": (frozenset({OFF, LEAD, SUP, SYS}), frozenset({"own", "involved", "superior"})),  # SUPERIOR approves
    "guidanceDocuments": (frozenset({OFF, LEAD, REG, SUP, SYS}), INVOLVED),
    "sharedResources": (frozenset({OFF, LEAD, REG, ADM, SUP, SYS}), frozenset({"own"})),
    "sharingAccessRequests": (frozenset({OFF, LEAD, REG, ADM, SUP, SYS}), INVOLVED),
    "events": (EVERYONE, INVOLVED),
    "deadlineAlerts": (EVERYONE, frozenset({"own"})),
    "inspections": (frozenset({OFF, LEAD, SUP, SYS}), frozenset({"own"})),
    "users": (frozenset({OFF, LEAD, REG, ADM, SUP, SYS}), frozenset({"own"})),
    "apiKeys": (frozenset({ADM, SUP, SYS}), frozenset({"own"})),
    "policyRules": (frozenset({ADM, SUP, SYS}), frozenset({"own"})),
}
# Reference data every signed-in principal reads.
PUBLIC_LISTS = ("agencies", "matters", "jurisdictions", "sharingCatalogs", "catalogEntries", "calendarDays",
                "timeLimits")  # fmt: skip
# A person's own account, for any signed-in person: run as each role here they would end the world's sessions, so
# tests/graphql/test_sign_out.py proves them.
OWN_ACCOUNT = ("logout", "changePassword")
SINGLE = ("me", "agency", "node", "proposeReceiver", "statistics", "calendarYear")
STATISTICS_READERS = frozenset({Role.LEADER, Role.SUPERVISOR, Role.SYSTEM_ADMIN})
STATISTICS = ('query($a: [ID!]) { statistics(from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z", agencies: $a) '
              "{ agency { id } } }")  # fmt: skip
OWN, RECEIVER, SIDES = frozenset({"own"}), frozenset({"involved"}), frozenset({"own", "involved"})
HANDLERS = frozenset({OFF, LEAD, SYS})
# mutation → (roles that may run it on OWN's records, relations from which they may; county-wide roles anywhere).
# OWN's transfer is sent to INVOLVED; its dispute was escalated to SUPERIOR.
MUTATIONS: dict[str, tuple[frozenset[Role], frozenset[str]]] = {
    "login": (EVERYONE, frozenset(RELATIONS)),
    "grantRole": (frozenset({ADM, SYS}), OWN),
    "revokeRole": (frozenset({ADM, SYS}), OWN),
    "setPermission": (frozenset({ADM, SYS}), OWN),
    "createApiKey": (frozenset({ADM, SYS}), OWN),
    "revokeApiKey": (frozenset({ADM, SYS}), OWN),
    "startTransfer": (HANDLERS, OWN),
    "recordEvidenceKept": (HANDLERS, OWN),
    "disposeItem": (HANDLERS, OWN),
    "sendTransfer": (frozenset({LEAD, SYS}), OWN),
    "withdrawTransfer": (frozenset({LEAD, SYS}), OWN),
    "confirmReceipt": (HANDLERS, RECEIVER),
    "acceptTransfer": (HANDLERS, RECEIVER),
    "disputeTransfer": (HANDLERS, RECEIVER),
    "negotiateDispute": (HANDLERS, SIDES),
    "escalateDispute": (frozenset({LEAD, SYS}), SIDES),
    "designateJurisdiction": (frozenset({SUP, SYS}), frozenset({"superior"})),
    "reviewEvidence": (HANDLERS, RECEIVER),
    "fileCase": (HANDLERS, OWN),
    "askSenderForHelp": (HANDLERS, RECEIVER),
    "extendDecisionDeadline": (frozenset({LEAD, SYS}), OWN),
    "suspendCase": (HANDLERS, OWN),
    "resumeCase": (HANDLERS, OWN),
    "decideCase": (HANDLERS, OWN),
    "requestAssistance": (HANDLERS, frozenset(RELATIONS)),  # asked in one's own agency, of INVOLVED
    "answerAssistance": (HANDLERS, RECEIVER),
    "refuseAssistance": (frozenset({LEAD, SYS}), RECEIVER),
    "escalateAssistanceRefusal": (HANDLERS, OWN),
    "notifyViolation": (HANDLERS, frozenset(RELATIONS)),  # notified from one's own agency, to INVOLVED
    "acknowledgeNotice": (HANDLERS, RECEIVER),
    "reportOnNotice": (HANDLERS, RECEIVER),
    "openCaseFromNotice": (HANDLERS, RECEIVER),
    "registerClue": (frozenset({REG, SYS}), frozenset(RELATIONS)),  # registered in one's own agency
    "handleClue": (frozenset({REG, SYS}), OWN),
    "passOnClue": (frozenset({REG, SYS}), OWN),
    "reportClueResult": (frozenset({OFF, LEAD, REG, SYS}), RECEIVER),
    "publishGuidance": (frozenset({LEAD, SYS}), frozenset(RELATIONS)),  # published by one's own agency
    "confirmGuidanceRead": (HANDLERS, RECEIVER),
    "appointResponsibleHead": (frozenset({ADM, SYS}), OWN),
    "createCatalogEntry": (frozenset({ADM, SYS}), frozenset(RELATIONS)),  # as the provider: one's own agency
    "publishSharedResource": (frozenset({LEAD, SYS}), OWN),
    "requestSharingAccess": (HANDLERS, frozenset(RELATIONS)),  # asked by one's own agency
    "decideSharingAccess": (frozenset({LEAD, SYS}), OWN),
    "conveneConsultation": (HANDLERS, frozenset(RELATIONS)),  # convened by one's own agency
    "recordConsultationMinutes": (HANDLERS, OWN),
    "draftJointPlan": (HANDLERS, frozenset(RELATIONS)),  # drafted and led by one's own agency
    "agreeJointPlan": (HANDLERS, RECEIVER),
    "approveJointPlan": (frozenset({LEAD, SYS}), frozenset({"superior"})),  # the approver named in the plan
    "startJointPlan": (HANDLERS, OWN),  # the lead
    "completeJointPlan": (HANDLERS, OWN),
    "recordJointFinding": (HANDLERS, SIDES),  # any unit
    "planInspection": (HANDLERS, frozenset(RELATIONS)),  # planned by one's own agency
    "attachNoticePhoto": (HANDLERS, OWN),  # the notifying agency
    "attachAssistanceFile": (HANDLERS, SIDES),  # the requester, or the asked agency with what it provides
    "registerWebhook": (frozenset({ADM, SYS}), OWN),  # api_key:manage, as for keys
    "removeWebhook": (frozenset({ADM, SYS}), OWN),
}
# Mutations that take a file: the variable and what is uploaded (a 1×1 PNG).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
UPLOADS = {"attachNoticePhoto": {"f": ("m.png", PNG)}, "attachAssistanceFile": {"f": ("m.png", PNG)}}
# Acts an agency does for itself only: a county-wide role does not stand in for the addressed agency.
OWN_AGENCY_ACTS = frozenset({"confirmGuidanceRead", "agreeJointPlan", "recordJointFinding"})
# subscription → the roles that may open it (what each then receives is scoped as the list of the same name)
SUBSCRIPTIONS: dict[str, frozenset[Role]] = {
    "events": frozenset({INT, SYS}),  # event:subscribe: integrators (granted to others as data)
    "transferEvents": frozenset({INT, SYS}),
}

INTROSPECT = (
    "{ __schema { queryType { fields { name } } mutationType { fields { name } } "
    "subscriptionType { fields { name } } } }"
)


@pytest.fixture(scope="module")
async def world() -> MatrixWorld:
    return await build_world()


async def _call(api: Api, world: MatrixWorld, role: Role, relation: str, document: str,
                variables: dict[str, Any] | None = None,
                files: dict[str, tuple[str, bytes]] | None = None) -> dict[str, Any]:  # fmt: skip
    credential = world.credentials[(role, relation)]
    if credential.startswith("Bearer "):
        return await api.query(document, variables, authorization=credential, files=files)
    if credential not in api.tokens:
        body = await api.query(LOGIN, {"username": credential, "password": PASSWORD})
        api.tokens[credential] = body["data"]["login"]["token"]
    return await api.query(document, variables, authorization=f"Bearer {api.tokens[credential]}", files=files)


async def _all_ids(
    api: Api, world: MatrixWorld, role: Role, relation: str, operation: str
) -> tuple[set[str], list[str]]:
    ids: set[str] = set()
    after = None
    while True:
        body = await _call(api, world, role, relation,
                           f"query($a: String) {{ {operation}(first: 100, after: $a) "
                           "{ edges { node { id } } pageInfo { hasNextPage endCursor } } }", {"a": after})  # fmt: skip
        codes = error_codes(body)
        if codes:
            return ids, codes
        page = body["data"][operation]
        ids |= {edge["node"]["id"] for edge in page["edges"]}
        if not page["pageInfo"]["hasNextPage"]:
            return ids, []
        after = page["pageInfo"]["endCursor"]


async def test_every_operation_has_a_row_in_the_matrix(api: Api) -> None:
    schema = (await api.data(INTROSPECT, as_user="nph_zhang"))["__schema"]
    queries = {f["name"] for f in schema["queryType"]["fields"]}
    mutations = {f["name"] for f in schema["mutationType"]["fields"]}
    subscriptions = {f["name"] for f in (schema["subscriptionType"] or {"fields": []})["fields"]}
    assert queries == set(LISTS) | set(PUBLIC_LISTS) | set(SINGLE)
    assert mutations == set(MUTATIONS) | set(OWN_ACCOUNT)
    assert subscriptions == set(SUBSCRIPTIONS)


@pytest.mark.parametrize("operation", sorted(LISTS))
async def test_lists_by_role_and_relation(api: Api, world: MatrixWorld, operation: str) -> None:
    readers, seeing = LISTS[operation]
    target, private = world.targets[operation], world.outsider[operation]
    for role in Role:
        for relation in RELATIONS:
            ids, codes = await _all_ids(api, world, role, relation, operation)
            where = f"{operation} as {role.value}/{relation}"
            if role not in readers:
                assert codes == ["FORBIDDEN"], where
                continue
            assert codes == [], where
            expected = role in COUNTY_WIDE or relation in seeing
            assert (target in ids) is expected, where
            assert (private in ids) is (role in COUNTY_WIDE), f"{where} returned an outside agency's row"


@pytest.mark.parametrize("operation", PUBLIC_LISTS)
async def test_reference_lists_are_open_to_every_signed_in_role(api: Api, world: MatrixWorld, operation: str) -> None:
    for role in Role:
        ids, codes = await _all_ids(api, world, role, "unrelated", operation)
        assert codes == [] and ids, f"{operation} as {role.value}"
    assert error_codes(await api.query(f"{{ {operation} {{ totalCount }} }}")) == ["UNAUTHENTICATED"]


async def test_single_object_queries(api: Api, world: MatrixWorld) -> None:
    own_code = world.agencies["own"].code
    readers, seeing = LISTS["cases"]
    for role in Role:
        for relation in RELATIONS:
            where = f"{role.value}/{relation}"
            me = await _call(api, world, role, relation, "{ me { agency { id } roles } }")
            assert error_codes(me) == [] and role.name in me["data"]["me"]["roles"], where
            agency = await _call(api, world, role, relation, "query($c: String!) { agency(code: $c) { code } }",
                                 {"c": own_code})  # fmt: skip
            assert agency["data"]["agency"]["code"] == own_code, where
            year = await _call(api, world, role, relation, "{ calendarYear(year: 2026) { source days { date } } }")
            assert error_codes(year) == [] and year["data"]["calendarYear"]["days"], where
            node = await _call(api, world, role, relation, "query($id: ID!) { node(id: $id) { id } }",
                               {"id": world.targets["cases"]})  # fmt: skip
            stats = await _call(
                api, world, role, relation, STATISTICS, {"a": [gid("Agency", world.agencies["own"].id)]}
            )
            if role in STATISTICS_READERS:
                expected = 1 if role in COUNTY_WIDE or relation == "own" else 0  # OWN's figures, for OWN or the county
                assert len(stats["data"]["statistics"]) == expected, where
            else:
                assert error_codes(stats) == ["FORBIDDEN"], where
            proposal = await _call(api, world, role, relation, "query($id: ID!) { proposeReceiver(case: $id) "
                                   "{ explanation } }", {"id": world.targets["cases"]})  # fmt: skip
            if role not in readers:
                assert error_codes(node) == error_codes(proposal) == ["FORBIDDEN"], where
            elif role in COUNTY_WIDE or relation in seeing:
                assert node["data"]["node"] == {"id": world.targets["cases"]}, where
                assert error_codes(proposal) == [], where
            else:
                assert error_codes(node) == error_codes(proposal) == ["NOT_FOUND"], where


def _mutation_calls(world: MatrixWorld) -> dict[str, tuple[str, dict[str, Any]]]:
    own = gid("Agency", world.agencies["own"].id)
    transfer, dispute = world.targets["transfers"], world.targets["_dispute"]
    involved = gid("Agency", world.agencies["involved"].id)
    return {
        "login": ('mutation { login(username: "matrix_dummy", password: "' + PASSWORD + '") { token } }', {}),
        "grantRole": ("mutation($u: ID!, $a: ID) { grantRole(user: $u, role: REGISTRAR, agency: $a) "
                      "{ errors { code } } }", {"u": world.dummy_user, "a": own}),
        "revokeRole": ("mutation($u: ID!, $a: ID) { revokeRole(user: $u, role: LEADER, agency: $a) "
                       "{ errors { code } } }", {"u": world.dummy_user, "a": own}),
        "setPermission": ('mutation($a: ID) { setPermission(role: REGISTRAR, object: "statistics", action: "read", '
                          "allow: true, agency: $a) { errors { code } } }", {"a": own}),
        "createApiKey": ('mutation($a: ID!) { createApiKey(agency: $a, name: "matrix") { errors { code } } }',
                         {"a": own}),
        "revokeApiKey": ("mutation($k: ID!) { revokeApiKey(key: $k) { errors { code } } }", {"k": world.dummy_key}),
        "startTransfer": ("mutation($c: ID!) { startTransfer(input: {case: $c, officers: [], reason: \"m\"}) "
                          "{ errors { code } } }", {"c": world.targets["cases"]}),
        "recordEvidenceKept": ('mutation($i: ID!) { recordEvidenceKept(item: $i, kind: PHOTO, note: "m") '
                               "{ errors { code } } }", {"i": world.targets["_item"]}),
        "disposeItem": ('mutation($i: ID!) { disposeItem(item: $i, method: "m") { errors { code } } }',
                        {"i": world.targets["_item"]}),
        "sendTransfer": ("mutation($t: ID!) { sendTransfer(transfer: $t) { errors { code } } }", {"t": transfer}),
        "withdrawTransfer": ('mutation($t: ID!) { withdrawTransfer(transfer: $t, reason: "m") { errors { code } } }',
                             {"t": transfer}),
        "confirmReceipt": ('mutation($t: ID!) { confirmReceipt(transfer: $t, input: {place: "m"}) '
                           "{ errors { code } } }", {"t": transfer}),
        "acceptTransfer": ("mutation($t: ID!) { acceptTransfer(transfer: $t) { errors { code } } }", {"t": transfer}),
        "disputeTransfer": ('mutation($t: ID!) { disputeTransfer(transfer: $t, reason: "m") { errors { code } } }',
                            {"t": transfer}),
        "negotiateDispute": ('mutation($d: ID!) { negotiateDispute(dispute: $d, body: "m") { errors { code } } }',
                             {"d": dispute}),
        "escalateDispute": ("mutation($d: ID!) { escalateDispute(dispute: $d) { errors { code } } }", {"d": dispute}),
        "designateJurisdiction": ('mutation($d: ID!, $a: ID!) { designateJurisdiction(dispute: $d, agency: $a, '
                                  'reason: "m") { errors { code } } }', {"d": dispute, "a": own}),
        "reviewEvidence": ('mutation($m: ID!) { reviewEvidence(material: $m, adopted: true, reason: "m") '
                           "{ errors { code } } }", {"m": world.targets["_material"]}),
        "fileCase": ("mutation($c: ID!) { fileCase(case: $c) { errors { code } } }", {"c": world.targets["cases"]}),
        "extendDecisionDeadline": ('mutation($c: ID!) { extendDecisionDeadline(case: $c, days: 10, reason: "m") '
                                   "{ errors { code } } }", {"c": world.targets["cases"]}),
        "suspendCase": ('mutation($c: ID!) { suspendCase(case: $c, reason: "m") { errors { code } } }',
                        {"c": world.targets["cases"]}),
        "resumeCase": ("mutation($c: ID!) { resumeCase(case: $c) { errors { code } } }", {"c": world.targets["cases"]}),
        "requestAssistance": ("mutation($a: ID!) { requestAssistance(input: {requested: $a, kind: DOCUMENTS, "
                              'needed: "m"}) { errors { code } } }', {"a": involved}),
        "answerAssistance": ('mutation($r: ID!) { answerAssistance(request: $r, reply: "m") { errors { code } } }',
                             {"r": world.targets["assistanceRequests"]}),
        "refuseAssistance": ('mutation($r: ID!) { refuseAssistance(request: $r, reason: "m") { errors { code } } }',
                             {"r": world.targets["assistanceRequests"]}),
        "escalateAssistanceRefusal": ("mutation($r: ID!) { escalateAssistanceRefusal(request: $r) "
                                      "{ errors { code } } }", {"r": world.targets["assistanceRequests"]}),
        "notifyViolation": ('mutation($a: ID!) { notifyViolation(input: {place: "m", foundAt: "2026-11-01T10:00:00Z", '
                            'facts: "m", dissuasion: "m", receiver: $a}) { errors { code } } }', {"a": involved}),
        "acknowledgeNotice": ("mutation($n: ID!) { acknowledgeNotice(notice: $n) { errors { code } } }",
                              {"n": world.targets["notices"]}),
        "reportOnNotice": ('mutation($n: ID!) { reportOnNotice(notice: $n, outcome: NO_VIOLATION, text: "m") '
                           "{ errors { code } } }", {"n": world.targets["notices"]}),
        "openCaseFromNotice": ('mutation($n: ID!) { openCaseFromNotice(notice: $n, title: "m") { errors { code } } }',
                               {"n": world.targets["notices"]}),
        "registerClue": ('mutation { registerClue(input: {channel: PHONE, content: "m"}) { errors { code } } }', {}),
        "handleClue": ("mutation($c: ID!) { handleClue(clue: $c) { errors { code } } }", {"c": world.targets["clues"]}),
        "passOnClue": ('mutation($c: ID!, $a: ID) { passOnClue(clue: $c, receiver: $a, basis: "m") '
                       "{ errors { code } } }", {"c": world.targets["clues"], "a": involved}),
        "reportClueResult": ('mutation($c: ID!) { reportClueResult(clue: $c, result: "m") { errors { code } } }',
                             {"c": world.targets["clues"]}),
        "publishGuidance": ('mutation($a: ID!) { publishGuidance(input: {kind: DOCUMENT, title: "m", audience: [$a]}) '
                            "{ errors { code } } }", {"a": involved}),
        "confirmGuidanceRead": ("mutation($d: ID!) { confirmGuidanceRead(document: $d) { errors { code } } }",
                                {"d": world.targets["guidanceDocuments"]}),
        "appointResponsibleHead": ("mutation($a: ID!, $u: ID!) { appointResponsibleHead(agency: $a, user: $u) "
                                   "{ errors { code } } }", {"a": own, "u": world.dummy_user}),
        "createCatalogEntry": ("mutation($c: ID!) { createCatalogEntry(input: {catalog: $c, classificationCode: "
                               '"1", name: "m", code: "m", category: OTHER, sharingType: UNCONDITIONAL, method: FILE, '
                               "updateCycle: YEARLY}) { errors { code } } }", {"c": world.targets["_catalog"]}),
        "publishSharedResource": ('mutation($e: ID!) { publishSharedResource(entry: $e, title: "m") '
                                  "{ errors { code } } }", {"e": world.targets["_entry"]}),
        "requestSharingAccess": ('mutation($e: ID!) { requestSharingAccess(entry: $e, purpose: "m") '
                                 "{ errors { code } } }", {"e": world.targets["_entry"]}),
        "decideSharingAccess": ("mutation($r: ID!) { decideSharingAccess(request: $r, approve: true) "
                                "{ errors { code } } }", {"r": world.targets["sharingAccessRequests"]}),
        "conveneConsultation": ('mutation($a: ID!) { conveneConsultation(topic: "m", kind: COMMON_PROBLEM, '
                                'participants: [$a], scheduledAt: "2026-12-01T09:00:00Z") { errors { code } } }',
                                {"a": involved}),
        "recordConsultationMinutes": ('mutation($c: ID!) { recordConsultationMinutes(consultation: $c, minutes: "m", '
                                      "resolutions: []) { errors { code } } }", {"c": world.targets["consultations"]}),
        "draftJointPlan": ('mutation($a: ID!) { draftJointPlan(input: {title: "m", content: "m", '
                           'startsAt: "2026-12-01T00:00:00Z", endsAt: "2026-12-05T00:00:00Z", '
                           'units: [{agency: $a, duties: "m"}]}) { errors { code } } }', {"a": involved}),
        "agreeJointPlan": ("mutation($p: ID!) { agreeJointPlan(plan: $p) { errors { code } } }",
                           {"p": world.targets["jointPlans"]}),
        "approveJointPlan": ("mutation($p: ID!) { approveJointPlan(plan: $p) { errors { code } } }",
                             {"p": world.targets["jointPlans"]}),
        "startJointPlan": ("mutation($p: ID!) { startJointPlan(plan: $p) { errors { code } } }",
                           {"p": world.targets["jointPlans"]}),
        "completeJointPlan": ("mutation($p: ID!) { completeJointPlan(plan: $p) { errors { code } } }",
                              {"p": world.targets["jointPlans"]}),
        "recordJointFinding": ('mutation($p: ID!) { recordJointFinding(input: {plan: $p, text: "m"}) '
                               "{ errors { code } } }", {"p": world.targets["jointPlans"]}),
        "attachNoticePhoto": ("mutation($n: ID!, $f: Upload!) { attachNoticePhoto(notice: $n, file: $f) "
                              "{ errors { code } } }", {"n": world.targets["notices"]}),
        "attachAssistanceFile": ("mutation($r: ID!, $f: Upload!) { attachAssistanceFile(request: $r, file: $f) "
                                 "{ errors { code } } }", {"r": world.targets["assistanceRequests"]}),
        "planInspection": ('mutation { planInspection(input: {targetName: "m", plannedOn: "2026-12-01"}) '
                           "{ errors { code } } }", {}),
        "decideCase": ('mutation($c: ID!) { decideCase(case: $c, summary: "m") { errors { code } } }',
                       {"c": world.targets["cases"]}),
        "registerWebhook": ('mutation($a: ID!) { registerWebhook(agency: $a, url: "http://127.0.0.1:9/m", '
                            'secret: "0123456789abcdef") { errors { code } } }', {"a": own}),
        "removeWebhook": ("mutation($w: ID!) { removeWebhook(webhook: $w) { errors { code } } }",
                          {"w": world.targets["_webhook"]}),
        "askSenderForHelp": ('mutation($t: ID!) { askSenderForHelp(transfer: $t, kind: DOCUMENTS, needed: "m") '
                             "{ errors { code } } }", {"t": transfer}),
    }  # fmt: skip


@pytest.mark.parametrize("operation", sorted(MUTATIONS))
async def test_mutations_by_role_and_relation(api: Api, world: MatrixWorld, operation: str) -> None:
    document, variables = _mutation_calls(world)[operation]
    allowed_roles, relations = MUTATIONS[operation]
    for role in Role:
        for relation in RELATIONS:
            body = await _call(api, world, role, relation, document, variables, UPLOADS.get(operation))
            where = f"{operation} as {role.value}/{relation}"
            county_wide = role in COUNTY_WIDE and operation not in OWN_AGENCY_ACTS
            allowed = role in allowed_roles and (county_wide or relation in relations)
            if allowed:
                assert error_codes(body) == [], (where, body)
            elif await _hides_a_record(api, world, role, relation, variables):
                # A record the principal may not read answers as a missing one (issue 15, 6).
                payload = (body.get("data") or {}).get(operation) or {}
                assert [e["code"] for e in payload.get("errors") or []] in _MISSING, (where, body)
            else:
                assert error_codes(body) == ["FORBIDDEN"], (where, body)


# The types whose records a refusal may reveal: reference data and users (shown in their public projection).
_OPEN_TYPES = {"Agency", "Matter", "SharingCatalog", "CatalogEntry", "User"}
_MISSING = [["NOT_FOUND"], ["UNKNOWN_KEY"], ["UNKNOWN_WEBHOOK"]]  # what each domain answers for an ID that is not there


async def _hides_a_record(api: Api, world: MatrixWorld, role: Role, relation: str, variables: dict[str, Any]) -> bool:
    """Whether an ID the mutation names is of a record that node(id:) does not return to the principal."""
    for value in variables.values():
        if not isinstance(value, str) or base64.b64decode(value).decode().split(":")[0] in _OPEN_TYPES:
            continue
        body = await _call(api, world, role, relation, "query($id: ID!) { node(id: $id) { id } }", {"id": value})
        if (body.get("data") or {}).get("node") is None:
            return True
    return False


@pytest.mark.parametrize("operation", sorted(SUBSCRIPTIONS))
async def test_subscriptions_by_role(world: MatrixWorld, operation: str) -> None:
    hub = EventHub()
    set_hub(hub)
    schema = build_schema()
    try:
        for role in Role:
            credential = world.credentials[(role, "own")]
            if credential.startswith("Bearer "):
                principal = await principal_for_api_key(credential.removeprefix("Bearer "))
            else:
                principal = await principal_for_user((await User.get(username=credential)).id)
            context = Context(config=ApiConfig(secret_key="-", token_ttl=timedelta(hours=1)), principal=principal)
            stream = await schema.subscribe(f"subscription {{ {operation} {{ cursor }} }}", context_value=context)
            assert not isinstance(stream, ExecutionResult)
            first = anext(stream)
            if role in SUBSCRIPTIONS[operation]:  # open: it waits for the next event
                with pytest.raises(TimeoutError):
                    await asyncio.wait_for(first, 0.05)
            else:
                result = await first
                assert error_codes({"errors": [e.formatted for e in result.errors or []]}) == ["FORBIDDEN"], role
            await stream.aclose()
    finally:
        await hub.stop()
        set_hub(None)
