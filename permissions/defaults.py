"""The default policy: what each role may do in the agency where it is held (domain "*" in the p lines).
Seeds load it; administrators change it as data afterwards."""

from __future__ import annotations

from models.enums import Role
from permissions.catalog import ANY

_OFFICER = [
    ("case", "read"), ("case", "create"), ("case", "update"), ("case", "file"), ("case", "decide"),
    ("party", "read_id_number"),
    ("transfer", "read"), ("transfer", "create"), ("transfer", "receive"), ("transfer", "accept"),
    ("transfer", "dispute"), ("transfer", "review_evidence"),
    ("dispute", "read"), ("dispute", "negotiate"),
    ("notice", "read"), ("notice", "create"), ("notice", "acknowledge"), ("notice", "report"),
    ("clue", "read"), ("clue", "read_contact"), ("clue", "report_result"),
    ("assistance", "read"), ("assistance", "request"), ("assistance", "answer"),
    ("consultation", "read"), ("consultation", "create"),
    ("joint_plan", "read"), ("joint_plan", "create"), ("joint_plan", "agree"),
    ("sharing", "read"), ("sharing", "request_access"),
    ("guidance", "read"), ("guidance", "confirm_read"),
    ("event", "read"), ("user", "read"),
]  # fmt: skip

_LEADER = [
    *_OFFICER,
    ("transfer", "send"), ("transfer", "withdraw"), ("dispute", "escalate"), ("assistance", "refuse"),
    ("case", "extend"),
    ("joint_plan", "approve"), ("sharing", "publish"), ("sharing", "approve_access"), ("guidance", "publish"),
    ("statistics", "read"),
]  # fmt: skip

_REGISTRAR = [
    ("clue", "read"), ("clue", "register"), ("clue", "forward"), ("clue", "read_contact"), ("clue", "report_result"),
    ("notice", "read"), ("case", "read"), ("event", "read"), ("user", "read"), ("guidance", "read"),
    ("sharing", "read"),
]  # fmt: skip

_AGENCY_ADMIN = [
    ("user", "read"), ("user", "manage"), ("api_key", "read"), ("api_key", "manage"),
    ("policy", "read"), ("policy", "manage"), ("sharing", "read"), ("sharing", "manage_catalog"),
    ("event", "read"),
]  # fmt: skip

_SUPERVISOR = [
    (ANY, "read"), ("party", "read_id_number"), ("dispute", "designate"), ("statistics", "read"),
]  # fmt: skip

_INTEGRATOR = [
    ("case", "read"), ("transfer", "read"), ("dispute", "read"), ("notice", "read"), ("assistance", "read"),
    ("event", "read"), ("event", "subscribe"),
]  # fmt: skip

DEFAULT_PERMISSIONS: dict[Role, list[tuple[str, str]]] = {
    Role.OFFICER: _OFFICER,
    Role.LEADER: _LEADER,
    Role.REGISTRAR: _REGISTRAR,
    Role.AGENCY_ADMIN: _AGENCY_ADMIN,
    Role.SUPERVISOR: _SUPERVISOR,
    Role.INTEGRATOR: _INTEGRATOR,
    Role.SYSTEM_ADMIN: [(ANY, ANY)],
}

# Roles held across the county: granted in domain "*", never in one agency.
COUNTY_WIDE_ROLES = frozenset({Role.SUPERVISOR, Role.SYSTEM_ADMIN})


def default_policy_lines() -> list[tuple[str, str, str, str]]:
    """(role, domain, object, action) for every default permission."""
    return [(role.value, ANY, obj, act) for role, perms in DEFAULT_PERMISSIONS.items() for obj, act in perms]
