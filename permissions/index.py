"""The policy, indexed for answers in microseconds.

Casbin's own enforcer evaluates the matcher once per policy line (91 ms a decision at 10,000 lines, FIELD-NOTES.md),
and its FastEnforcer cannot index the "*" domain our role templates use. So the lines are kept in two dictionaries,
subject → domain → roles and role → domain → permissions, which answer exactly what `model.conf` says:
tests/permissions/test_index.py checks the answers against Casbin's enforcer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from permissions.catalog import ANY


@dataclass(frozen=True, slots=True)
class Scope:
    """The agencies whose records a principal may act on; `everything` lifts the limit."""

    everything: bool
    agency_ids: frozenset[int]

    @classmethod
    def all(cls) -> Scope:
        return cls(everything=True, agency_ids=frozenset())

    @classmethod
    def none(cls) -> Scope:
        return cls(everything=False, agency_ids=frozenset())

    @property
    def empty(self) -> bool:
        return not self.everything and not self.agency_ids

    def includes(self, agency_id: int | None) -> bool:
        return self.everything or (agency_id is not None and agency_id in self.agency_ids)


def domain_of(agency_id: int) -> str:
    return f"agency:{agency_id}"


def agency_of(domain: str) -> int | None:
    kind, _, raw = domain.partition(":")
    return int(raw) if kind == "agency" and raw.isdigit() else None


class PolicyIndex:
    def __init__(self) -> None:
        self._roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._perms: dict[str, dict[str, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))
        self.lines = 0

    @classmethod
    def build(cls, lines: Iterable[tuple[str, ...]]) -> PolicyIndex:
        index = cls()
        for line in lines:
            index.add(line)
        return index

    def add(self, line: tuple[str, ...]) -> None:
        """Add a line as stored: ("g", subject, role, domain) or ("p", role, domain, object, action)."""
        ptype, *values = line
        if ptype == "g" and len(values) >= 3:
            self._roles[values[0]][values[2]].add(values[1])
        elif ptype == "p" and len(values) >= 4:
            self._perms[values[0]][values[1]].add((values[2], values[3]))
        else:
            return
        self.lines += 1

    def remove(self, line: tuple[str, ...]) -> None:
        ptype, *values = line
        if ptype == "g" and len(values) >= 3:
            roles = self._roles.get(values[0], {}).get(values[2])
            if roles is not None and values[1] in roles:
                roles.discard(values[1])
                self.lines -= 1
        elif ptype == "p" and len(values) >= 4:
            perms = self._perms.get(values[0], {}).get(values[1])
            if perms is not None and (values[2], values[3]) in perms:
                perms.discard((values[2], values[3]))
                self.lines -= 1

    def roles(self, subject: str) -> dict[str, frozenset[str]]:
        """The subject's roles by domain ("*" for roles held in every agency)."""
        return {domain: frozenset(roles) for domain, roles in self._roles.get(subject, {}).items() if roles}

    def _grants(self, role: str, domain: str, obj: str, act: str) -> bool:
        by_domain = self._perms.get(role)
        if not by_domain:
            return False
        for perm_domain in (domain, ANY):
            perms = by_domain.get(perm_domain)
            if perms and ((obj, act) in perms or (obj, ANY) in perms or (ANY, act) in perms or (ANY, ANY) in perms):
                return True
        return False

    def can(self, subject: str, domain: str, obj: str, act: str) -> bool:
        held = self._roles.get(subject)
        if not held:
            return False
        for role_domain in (domain, ANY):
            for role in held.get(role_domain, ()):
                if self._grants(role, domain, obj, act):
                    return True
        return False

    def scope(self, subject: str, obj: str, act: str) -> Scope:
        """The agencies in which `subject` may do `act` on `obj`."""
        held = self._roles.get(subject)
        if not held:
            return Scope.none()
        agencies: set[int] = set()
        for role in held.get(ANY, ()):
            for perm_domain in self._perms.get(role, {}):
                if self._grants(role, perm_domain, obj, act):
                    if perm_domain == ANY:
                        return Scope.all()
                    agency = agency_of(perm_domain)
                    if agency is not None:
                        agencies.add(agency)
        for domain, roles in held.items():
            agency = agency_of(domain)
            if agency is not None and any(self._grants(role, domain, obj, act) for role in roles):
                agencies.add(agency)
        return Scope(everything=False, agency_ids=frozenset(agencies))
