"""The one place that answers "may this principal do this, here?" and "in which agencies may it?".

`can()` decides one act in one agency's domain; `scope()` gives the agencies for a list, which
`permissions.filters` turns into one SQL filter. The policy lives in `policy_rule` (Casbin lines, `model.conf`);
each process keeps it indexed in memory, loaded at start and changed in place when any instance changes it.
"""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.functions import Count, Max

from models import PolicyRule
from models.enums import Role
from permissions.catalog import ANY
from permissions.index import PolicyIndex, Scope, agency_of, domain_of
from permissions.principal import Principal

__all__ = ["Authorizer", "Scope", "authorizer"]


class Authorizer:
    def __init__(self) -> None:
        self._index = PolicyIndex()
        self._signature: tuple[int, int] = (0, 0)
        self.version = 0  # bumped on every change: caches keyed on it cannot outlive a change

    async def load(self) -> None:
        signature = await _signature()
        rows = await PolicyRule.all().values_list("ptype", "v0", "v1", "v2", "v3")
        self._index = PolicyIndex.build(tuple(str(v) for v in row) for row in rows)
        self._signature = signature
        self.version += 1

    async def refresh_if_changed(self) -> bool:
        """Reload when the table changed behind the broker's back (a command-line edit, a missed message).
        (row count, highest ID) changes with every insert and delete, since IDs are never reused."""
        if await _signature() == self._signature:
            return False
        await self.load()
        return True

    def apply(self, *, added: Iterable[tuple[str, ...]] = (), removed: Iterable[tuple[str, ...]] = ()) -> None:
        for line in removed:
            self._index.remove(line)
        for line in added:
            self._index.add(line)
        self.version += 1

    @property
    def line_count(self) -> int:
        return self._index.lines

    def roles(self, principal: Principal) -> dict[int | None, frozenset[Role]]:
        """The principal's roles by agency; the key None holds the roles it has in every agency."""
        found: dict[int | None, frozenset[Role]] = {}
        for domain, names in self._index.roles(principal.subject).items():
            key = None if domain == ANY else agency_of(domain)
            if key is None and domain != ANY:
                continue
            found[key] = frozenset(Role(n) for n in names if n in Role._value2member_map_)
        return found

    def can(self, principal: Principal, action: str, obj: str, agency_id: int) -> bool:
        return self._index.can(principal.subject, domain_of(agency_id), obj, action)

    def scope(self, principal: Principal, action: str, obj: str) -> Scope:
        return self._index.scope(principal.subject, obj, action)


async def _signature() -> tuple[int, int]:
    row = await PolicyRule.all().annotate(count=Count("id"), top=Max("id")).values("count", "top")
    return int(row[0]["count"] or 0), int(row[0]["top"] or 0)


authorizer = Authorizer()
