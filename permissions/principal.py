"""The authenticated actor of a request: a person (user) or an integrator (API key)."""

from __future__ import annotations

from dataclasses import dataclass, field

from models.enums import Role


@dataclass(frozen=True, slots=True)
class Principal:
    agency_id: int
    roles: frozenset[Role]
    user_id: int | None = None
    api_key_id: int | None = None
    username: str = ""
    # Agencies whose roles this principal holds besides its own (a role granted in another domain).
    extra_agency_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def agency_ids(self) -> frozenset[int]:
        return self.extra_agency_ids | {self.agency_id}

    def has_role(self, role: Role) -> bool:
        return role in self.roles
