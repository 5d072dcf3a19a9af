"""The Tortoise adapter stores and loads what Casbin asks, without the published adapter's bugs."""

from __future__ import annotations

from pathlib import Path

import casbin
from casbin.util import key_match

from models import PolicyRule
from permissions.adapter import TortoiseAdapter

MODEL = str(Path(__file__).resolve().parents[2] / "permissions" / "model.conf")


async def _enforcer() -> casbin.AsyncEnforcer:
    enforcer = casbin.AsyncEnforcer(MODEL, TortoiseAdapter())
    enforcer.add_named_domain_matching_func("g", key_match)
    await enforcer.load_policy()
    return enforcer


async def test_lines_written_through_casbin_are_rows_and_load_back() -> None:
    enforcer = await _enforcer()
    assert await enforcer.add_policies([["adapter_role", "agency:1", "case", "read"],
                                        ["adapter_role", "agency:2", "case", "read"]])  # fmt: skip
    assert await enforcer.add_grouping_policy("user:adapter", "adapter_role", "agency:1")
    assert await PolicyRule.filter(v0="adapter_role").count() == 2
    reloaded = await _enforcer()
    assert reloaded.enforce("user:adapter", "agency:1", "case", "read")
    assert not reloaded.enforce("user:adapter", "agency:2", "case", "read")  # the role is held in agency 1 only


async def test_a_filtered_removal_touches_only_its_type_and_fields() -> None:
    enforcer = await _enforcer()
    await enforcer.add_policy("bob", "agency:99999", "case", "read")
    await enforcer.add_policy("bob", "agency:99999", "case", "update")
    await enforcer.add_grouping_policy("bob", "officer", "agency:99999")  # a role line of the same name
    assert await enforcer.remove_filtered_policy(0, "bob")
    assert await PolicyRule.filter(ptype="p", v0="bob").count() == 0
    assert await PolicyRule.filter(ptype="g", v0="bob").count() == 1, "the role line must survive"
    assert await enforcer.remove_filtered_grouping_policy(1, "officer", "agency:99999") is not None
    assert await PolicyRule.filter(ptype="g", v0="bob").count() == 0


async def test_removing_a_line_deletes_its_row() -> None:
    enforcer = await _enforcer()
    await enforcer.add_policy("carol", "agency:99998", "notice", "read")
    assert await enforcer.remove_policy("carol", "agency:99998", "notice", "read")
    assert not await PolicyRule.filter(v0="carol").exists()
