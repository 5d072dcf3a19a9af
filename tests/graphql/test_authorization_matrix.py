"""The authorization matrix: every operation of the schema × every role × own / involved / superior / unrelated.

Operations are found by introspection, so a new query, mutation or subscription without a row here fails the test.
For reads it checks three things: FORBIDDEN exactly where the role may not read the object at all, the target record
seen exactly from the relations that involve it, and no private record of an outside agency ever, except for the
county-wide roles.
"""

from __future__ import annotations

from typing import Any

import pytest

from models.enums import Role
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
    "jointPlans": (frozenset({OFF, LEAD, SUP, SYS}), INVOLVED),
    "guidanceDocuments": (frozenset({OFF, LEAD, REG, SUP, SYS}), INVOLVED),
    "sharedResources": (frozenset({OFF, LEAD, REG, ADM, SUP, SYS}), frozenset({"own"})),
    "sharingAccessRequests": (frozenset({OFF, LEAD, REG, ADM, SUP, SYS}), INVOLVED),
    "events": (EVERYONE, INVOLVED),
    "users": (frozenset({OFF, LEAD, REG, ADM, SUP, SYS}), frozenset({"own"})),
    "apiKeys": (frozenset({ADM, SUP, SYS}), frozenset({"own"})),
    "policyRules": (frozenset({ADM, SUP, SYS}), frozenset({"own"})),
}
# Reference data every signed-in principal reads.
PUBLIC_LISTS = ("agencies", "matters", "jurisdictions", "sharingCatalogs", "catalogEntries", "calendarDays",
                "timeLimits")  # fmt: skip
SINGLE = ("me", "agency", "node")
# mutation → roles that may run it against OWN (as OWN's agency admin, or county-wide)
MUTATIONS: dict[str, frozenset[Role]] = {
    "login": EVERYONE,
    "grantRole": frozenset({ADM, SYS}),
    "revokeRole": frozenset({ADM, SYS}),
    "setPermission": frozenset({ADM, SYS}),
    "createApiKey": frozenset({ADM, SYS}),
    "revokeApiKey": frozenset({ADM, SYS}),
}
SUBSCRIPTIONS: dict[str, frozenset[Role]] = {}

INTROSPECT = (
    "{ __schema { queryType { fields { name } } mutationType { fields { name } } "
    "subscriptionType { fields { name } } } }"
)


@pytest.fixture(scope="module")
async def world() -> MatrixWorld:
    return await build_world()


async def _call(api: Api, world: MatrixWorld, role: Role, relation: str, document: str,
                variables: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    credential = world.credentials[(role, relation)]
    if credential.startswith("Bearer "):
        return await api.query(document, variables, authorization=credential)
    if credential not in api.tokens:
        body = await api.query(LOGIN, {"username": credential, "password": PASSWORD})
        api.tokens[credential] = body["data"]["login"]["token"]
    return await api.query(document, variables, authorization=f"Bearer {api.tokens[credential]}")


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
    assert mutations == set(MUTATIONS)
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
            node = await _call(api, world, role, relation, "query($id: ID!) { node(id: $id) { id } }",
                               {"id": world.targets["cases"]})  # fmt: skip
            if role not in readers:
                assert error_codes(node) == ["FORBIDDEN"], where
            elif role in COUNTY_WIDE or relation in seeing:
                assert node["data"]["node"] == {"id": world.targets["cases"]}, where
            else:
                assert error_codes(node) == ["NOT_FOUND"], where


def _mutation_calls(world: MatrixWorld) -> dict[str, tuple[str, dict[str, Any]]]:
    own = gid("Agency", world.agencies["own"].id)
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
    }  # fmt: skip


@pytest.mark.parametrize("operation", sorted(MUTATIONS))
async def test_mutations_by_role_and_relation(api: Api, world: MatrixWorld, operation: str) -> None:
    document, variables = _mutation_calls(world)[operation]
    allowed_roles = MUTATIONS[operation]
    for role in Role:
        for relation in RELATIONS:
            body = await _call(api, world, role, relation, document, variables)
            where = f"{operation} as {role.value}/{relation}"
            allowed = role in allowed_roles and (operation == "login" or role in COUNTY_WIDE or relation == "own")
            if allowed:
                assert error_codes(body) == [], (where, body)
            else:
                assert error_codes(body) == ["FORBIDDEN"], (where, body)
