"""Policy lines as Casbin stores them: roles (`g, <subject>, <role>, <domain>`) and permissions
(`p, <role>, <domain>, <object>, <action>`), and writing them in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.backends.base.client import BaseDBAsyncClient

from models import PolicyRule, User
from models.enums import Role
from permissions.catalog import ANY
from permissions.index import domain_of

Line = tuple[str, ...]


def role_domain(agency_id: int | None) -> str:
    """The domain of a role line: one agency, or "*" for every agency."""
    return ANY if agency_id is None else domain_of(agency_id)


def role_line(subject: str, role: Role, agency_id: int | None) -> Line:
    return ("g", subject, role.value, role_domain(agency_id))


def permission_line(role: Role, agency_id: int | None, obj: str, action: str) -> Line:
    return ("p", role.value, role_domain(agency_id), obj, action)


def _columns(line: Line) -> dict[str, str]:
    ptype, *values = line
    padded = [*values, "", "", "", "", "", ""][:6]
    return {"ptype": ptype, **{f"v{i}": v for i, v in enumerate(padded)}}


async def store_lines(lines: Iterable[Line], *, using_db: BaseDBAsyncClient | None = None) -> list[Line]:
    """Write the lines that are not there yet; return those."""
    added = []
    for line in lines:
        if await get_or_create_line(line, using_db=using_db):
            added.append(line)
    return added


async def get_or_create_line(line: Line, *, using_db: BaseDBAsyncClient | None = None) -> bool:
    """True when the line was created."""
    c = _columns(line)
    _, created = await PolicyRule.get_or_create(
        ptype=c["ptype"], v0=c["v0"], v1=c["v1"], v2=c["v2"], v3=c["v3"], v4=c["v4"], v5=c["v5"], using_db=using_db
    )
    return bool(created)


async def delete_lines(lines: Iterable[Line], *, using_db: BaseDBAsyncClient | None = None) -> list[Line]:
    """Delete the lines that are there; return those."""
    removed = []
    for line in lines:
        if await PolicyRule.filter(**_columns(line)).using_db(using_db).delete():
            removed.append(line)
    return removed


async def agencies_holding(role: Role, *, using_db: BaseDBAsyncClient | None = None) -> list[int]:
    """The agencies of the users who hold `role` anywhere: the audience of what only they act on (the calendar)."""
    lines = await PolicyRule.filter(ptype="g", v1=role.value).using_db(using_db).values("v0")
    subjects = [str(line["v0"]) for line in lines]
    ids = [int(s.removeprefix("user:")) for s in subjects if s.startswith("user:") and s[5:].isdigit()]
    users = await User.filter(id__in=ids).using_db(using_db).values("agency_id")
    return sorted({int(u["agency_id"]) for u in users})
