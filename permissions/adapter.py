"""Casbin's adapter on our own `policy_rule` table, written on Tortoise.

The published casbin-tortoise-adapter 2.0.0 breaks on tortoise-orm 1.x (bulk_create returns None, a filtered removal
deletes role lines, a filter on v1 loads none: FIELD-NOTES.md) and pulls in the old `casbin` distribution.
"""

from __future__ import annotations

from typing import Any

from casbin import persist
from casbin.persist.adapters.asyncio import AsyncAdapter
from tortoise.transactions import in_transaction

from models import PolicyRule
from permissions.roles import get_or_create_line

_COLUMNS = ("v0", "v1", "v2", "v3", "v4", "v5")


def rule_values(ptype: str, rule: list[str] | tuple[str, ...]) -> dict[str, str]:
    values = dict(zip(_COLUMNS, rule, strict=False))
    return {"ptype": ptype, **{column: values.get(column, "") for column in _COLUMNS}}


class TortoiseAdapter(AsyncAdapter):  # type: ignore[misc]
    async def load_policy(self, model: Any) -> None:
        rows = await PolicyRule.all().order_by("id").values_list("ptype", *_COLUMNS)
        for ptype, *values in rows:
            persist.load_policy_line(", ".join([ptype, *(v for v in values if v != "")]), model)

    async def save_policy(self, model: Any) -> bool:
        rules = [
            PolicyRule(**rule_values(ptype, rule))
            for sec in ("p", "g")
            for ptype, assertion in model.model.get(sec, {}).items()
            for rule in assertion.policy
        ]
        async with in_transaction() as connection:
            await PolicyRule.all().using_db(connection).delete()
            await PolicyRule.bulk_create(rules, using_db=connection)
        return True

    async def add_policy(self, sec: str, ptype: str, rule: list[str]) -> bool:
        await get_or_create_line((ptype, *rule))
        return True

    async def add_policies(self, sec: str, ptype: str, rules: list[list[str]]) -> bool:
        async with in_transaction() as connection:
            for rule in rules:
                await get_or_create_line((ptype, *rule), using_db=connection)
        return True

    async def remove_policy(self, sec: str, ptype: str, rule: list[str]) -> bool:
        return await PolicyRule.filter(**rule_values(ptype, rule)).delete() > 0

    async def remove_policies(self, sec: str, ptype: str, rules: list[list[str]]) -> bool:
        async with in_transaction() as connection:
            for rule in rules:
                await PolicyRule.filter(**rule_values(ptype, rule)).using_db(connection).delete()
        return True

    async def remove_filtered_policy(self, sec: str, ptype: str, field_index: int, *field_values: str) -> bool:
        """Remove the lines of `ptype` whose values from `field_index` on equal `field_values` ("" matches any)."""
        if not 0 <= field_index < len(_COLUMNS) or field_index + len(field_values) > len(_COLUMNS):
            return False
        conditions = {_COLUMNS[field_index + offset]: value for offset, value in enumerate(field_values) if value != ""}
        return await PolicyRule.filter(ptype=ptype, **conditions).delete() > 0
