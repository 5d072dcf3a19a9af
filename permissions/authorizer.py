"""The one place that answers "may this principal do this, here?" and "in which agencies may it?".

`can()` decides one act in one agency's domain; `scope()` gives the agencies for a list, which
`permissions.filters` turns into one SQL filter. The policy lives in `policy_rule` (Casbin lines, `model.conf`);
each process keeps it indexed in memory, loaded at start and read again whenever the policy's version moves.
"""

from __future__ import annotations

from models import PolicyChange, PolicyRule
from models.enums import Role
from permissions.catalog import ANY
from permissions.index import PolicyIndex, Scope, agency_of, domain_of
from permissions.principal import Principal

__all__ = ["Authorizer", "Scope", "authorizer"]


class Authorizer:
    def __init__(self) -> None:
        self._index = PolicyIndex()
        self._signature = -1  # the policy's version (`policy_change` rows) when it was loaded
        self.version = 0  # bumped on every change: caches keyed on it cannot outlive a change

    async def load(self) -> None:
        signature = await _signature()
        rows = await PolicyRule.all().values_list("ptype", "v0", "v1", "v2", "v3")
        self._index = PolicyIndex.build(tuple(str(v) for v in row) for row in rows)
        self._signature = signature
        self.version += 1

    async def refresh_if_changed(self) -> bool:
        """Reload when the policy changed since it was loaded: a broker message is only a hint to look; the table
        check every few seconds alone catches a change whose message was lost (Redis down) or never sent (SQL by
        hand). The version is the count of `policy_change` rows, which a trigger adds with every change."""
        if await _signature() == self._signature:
            return False
        await self.load()
        return True

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


async def _signature() -> int:
    return await PolicyChange.all().count()


authorizer = Authorizer()
