"""`caselink seed`: reference data (upserted every time) and demo records (created once)."""

from __future__ import annotations

from dataclasses import dataclass

from seeds.demo import load_demo
from seeds.people import DEMO_PASSWORD, DEMO_USERS, load_default_policy, load_people
from seeds.reference import load_agencies, load_calendar, load_matters, load_sharing_catalog, load_time_limits


@dataclass(frozen=True)
class _Logins:
    password: str
    users: list[tuple[str, str]]


DEMO_LOGINS = _Logins(DEMO_PASSWORD, [(u.username, f"{u.role.value} · {u.agency_name}") for u in DEMO_USERS])


async def load_seeds() -> bool:
    """Load everything; True when the demo records were created by this run."""
    agencies = await load_agencies()
    await load_matters(agencies)
    await load_calendar()
    await load_time_limits()
    await load_sharing_catalog(agencies)
    await load_default_policy()
    users = await load_people()
    return await load_demo(agencies, users)
