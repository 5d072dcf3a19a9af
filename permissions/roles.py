"""Role assignments, stored as Casbin grouping lines: `g, user:<id>, <role>, agency:<id>`."""

from __future__ import annotations

from collections import defaultdict

from tortoise.backends.base.client import BaseDBAsyncClient

from models import PolicyRule
from models.enums import Role


def user_subject(user_id: int) -> str:
    return f"user:{user_id}"


def agency_domain(agency_id: int) -> str:
    return f"agency:{agency_id}"


def _domain_agency_id(domain: str) -> int | None:
    kind, _, raw = domain.partition(":")
    if kind != "agency" or not raw.isdigit():
        return None
    return int(raw)


async def roles_of(user_id: int, *, using_db: BaseDBAsyncClient | None = None) -> dict[int, frozenset[Role]]:
    """The roles a user holds, by agency."""
    lines = await PolicyRule.filter(ptype="g", v0=user_subject(user_id)).using_db(using_db).values_list("v1", "v2")
    found: dict[int, set[Role]] = defaultdict(set)
    for role, domain in lines:
        agency_id = _domain_agency_id(str(domain))
        if agency_id is not None and role in Role._value2member_map_:
            found[agency_id].add(Role(role))
    return {agency_id: frozenset(roles) for agency_id, roles in found.items()}


async def grant_role(user_id: int, role: Role, agency_id: int, *, using_db: BaseDBAsyncClient | None = None) -> bool:
    """Grant a role in an agency; False when the user already had it."""
    _, created = await PolicyRule.get_or_create(
        ptype="g", v0=user_subject(user_id), v1=role.value, v2=agency_domain(agency_id), using_db=using_db
    )
    return created
