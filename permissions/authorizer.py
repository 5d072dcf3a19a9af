"""The one place that answers "may this principal see or do this, here?".

`scope()` answers for lists: the agencies whose rows the principal may read, or all of them. The scope becomes one SQL
filter per resource type (see `permissions.filters`), so pages and counts stay correct.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.enums import Role
from permissions.principal import Principal

# Roles that read across the county (R-G2 supervision) or administer the whole system.
_COUNTY_WIDE_ROLES = frozenset({Role.SUPERVISOR, Role.SYSTEM_ADMIN})


@dataclass(frozen=True, slots=True)
class Scope:
    """The agencies whose records a principal may read; `everything` lifts the limit."""

    everything: bool
    agency_ids: frozenset[int]

    @classmethod
    def all(cls) -> Scope:
        return cls(everything=True, agency_ids=frozenset())

    def includes(self, agency_id: int | None) -> bool:
        return self.everything or (agency_id is not None and agency_id in self.agency_ids)


class Authorizer:
    def scope(self, principal: Principal) -> Scope:
        if principal.roles & _COUNTY_WIDE_ROLES:
            return Scope.all()
        return Scope(everything=False, agency_ids=principal.agency_ids)


authorizer = Authorizer()
