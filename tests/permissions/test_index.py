"""The in-memory index answers exactly what Casbin's enforcer answers with `permissions/model.conf`."""

from __future__ import annotations

import random
from pathlib import Path

import casbin
from casbin.util import key_match

from models import PolicyRule
from permissions.catalog import ACTIONS, ANY
from permissions.index import PolicyIndex, Scope

MODEL = str(Path(__file__).resolve().parents[2] / "permissions" / "model.conf")


def _enforcer(lines: list[tuple[str, ...]]) -> casbin.Enforcer:
    enforcer = casbin.Enforcer(MODEL)
    enforcer.add_named_domain_matching_func("g", key_match)
    for ptype, *values in lines:
        if ptype == "p":
            enforcer.add_policy(*values)
        else:
            enforcer.add_grouping_policy(*values)
    return enforcer


async def _seeded_lines() -> list[tuple[str, ...]]:
    rows = await PolicyRule.all().order_by("id").values_list("ptype", "v0", "v1", "v2", "v3")
    return [tuple(v for v in row if v != "") for row in rows]


async def test_decisions_match_casbin_on_the_seeded_policy_and_random_extra_lines() -> None:
    rng = random.Random(20261129)
    lines = await _seeded_lines()
    subjects = [*sorted({line[1] for line in lines if line[0] == "g"}), "user:99999"]
    # Every agency a line names (tests earlier in the session add agencies beyond the 34 of the seeds).
    domains = sorted({value for line in lines for value in line[1:] if value.startswith("agency:")}
                     | {f"agency:{i}" for i in range(1, 35)})  # fmt: skip
    objects = [*ACTIONS, "unknown"]
    roles = sorted({line[2] for line in lines if line[0] == "g"})
    for _ in range(60):  # agency-specific permissions and roles, so both index levels are exercised
        obj = rng.choice(objects[:-1])
        lines.append(("p", rng.choice(roles), rng.choice(domains), obj, rng.choice(ACTIONS[obj])))
        lines.append(("g", rng.choice(subjects), rng.choice(roles), rng.choice([*domains, ANY])))
    index = PolicyIndex.build(lines)
    enforcer = _enforcer(lines)
    checked = allowed = 0
    for _ in range(4000):
        obj = rng.choice(objects)
        act = rng.choice([*ACTIONS.get(obj, ("read",)), "nonsense"])
        request = (rng.choice(subjects), rng.choice(domains), obj, act)
        expected = enforcer.enforce(*request)
        assert index.can(*request) is expected, request
        checked += 1
        allowed += expected
    assert checked == 4000 and 0 < allowed < checked  # both answers occur


async def test_scope_is_the_set_of_agencies_where_casbin_allows() -> None:
    rng = random.Random(7)
    lines = await _seeded_lines()
    subjects = sorted({line[1] for line in lines if line[0] == "g"})
    # Every agency a line names (tests earlier in the session add agencies beyond the 34 of the seeds).
    domains = sorted({value for line in lines for value in line[1:] if value.startswith("agency:")}
                     | {f"agency:{i}" for i in range(1, 35)})  # fmt: skip
    index = PolicyIndex.build(lines)
    enforcer = _enforcer(lines)
    for subject in subjects:
        obj = rng.choice(list(ACTIONS))
        act = rng.choice(ACTIONS[obj])
        scope = index.scope(subject, obj, act)
        allowed = {int(d.split(":")[1]) for d in domains if enforcer.enforce(subject, d, obj, act)}
        if scope.everything:
            assert allowed == {int(d.split(":")[1]) for d in domains}, subject
        else:
            assert scope.agency_ids == frozenset(allowed), (subject, obj, act)


def test_removing_a_line_takes_its_grant_away() -> None:
    index = PolicyIndex.build([("p", "officer", ANY, "case", "read"), ("g", "user:1", "officer", "agency:5")])
    assert index.can("user:1", "agency:5", "case", "read")
    assert index.scope("user:1", "case", "read") == Scope(everything=False, agency_ids=frozenset({5}))
    index.remove(("g", "user:1", "officer", "agency:5"))
    assert not index.can("user:1", "agency:5", "case", "read")
    assert index.scope("user:1", "case", "read").empty
    assert index.lines == 1
