"""Demo officers with known passwords, in several agencies and every role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import Agency, AgencyHead, PolicyRule, User
from models.enums import Role
from permissions.credentials import hash_password
from permissions.defaults import COUNTY_WIDE_ROLES, default_policy_lines
from permissions.principal import user_subject
from permissions.roles import role_line, store_lines

DEMO_PASSWORD = "caselink-demo"


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    display_name: str
    agency_name: str
    role: Role
    certificate_no: str | None
    head: bool = False


NANPAIHE = "南排河镇人民政府"
HUANGHUA_TOWN = "黄骅镇人民政府"
MARKET = "黄骅市市场监督管理局"
RESOURCES = "黄骅市自然资源和规划局"
AGRICULTURE = "黄骅市农业农村局"
JUSTICE = "黄骅市司法局"
CITY = "黄骅市人民政府"

DEMO_USERS = [
    DemoUser("nph_zhang", "张伟", NANPAIHE, Role.OFFICER, "13098301001"),
    DemoUser("nph_li", "李娜", NANPAIHE, Role.OFFICER, "13098301002"),
    DemoUser("nph_leader", "王强", NANPAIHE, Role.LEADER, "13098301003", head=True),
    DemoUser("nph_registrar", "赵敏", NANPAIHE, Role.REGISTRAR, None),
    DemoUser("nph_admin", "孙丽", NANPAIHE, Role.AGENCY_ADMIN, None),
    DemoUser("scj_liu", "刘洋", MARKET, Role.OFFICER, "13098302001"),
    DemoUser("scj_chen", "陈静", MARKET, Role.OFFICER, "13098302002"),
    DemoUser("scj_leader", "杨帆", MARKET, Role.LEADER, "13098302003", head=True),
    DemoUser("zrj_zhou", "周杰", RESOURCES, Role.OFFICER, "13098303001"),
    DemoUser("zrj_wu", "吴磊", RESOURCES, Role.OFFICER, "13098303002"),
    DemoUser("zrj_leader", "郑海", RESOURCES, Role.LEADER, "13098303003", head=True),
    DemoUser("nyj_huang", "黄鹏", AGRICULTURE, Role.OFFICER, "13098304001"),
    DemoUser("hhz_ma", "马超", HUANGHUA_TOWN, Role.OFFICER, "13098305001"),
    DemoUser("hhz_zhu", "朱琳", HUANGHUA_TOWN, Role.OFFICER, "13098305002"),
    DemoUser("sfj_supervisor", "何平", JUSTICE, Role.SUPERVISOR, None, head=True),
    DemoUser("admin", "系统管理员", CITY, Role.SYSTEM_ADMIN, None),
]


async def load_default_policy() -> None:
    """The default permissions of every role, on first start only: `make run` seeds at every start, and a
    permission an administrator removed must stay removed."""
    if await PolicyRule.filter(ptype="p").exists():
        return
    await store_lines(("p", *line) for line in default_policy_lines())


async def load_people() -> dict[str, User]:
    users: dict[str, User] = {}
    hashed = hash_password(DEMO_PASSWORD)
    for demo in DEMO_USERS:
        agency = await Agency.get(name=demo.agency_name)
        user, created = await User.get_or_create(
            username=demo.username,
            defaults={
                "display_name": demo.display_name,
                "agency_id": agency.id,
                "certificate_no": demo.certificate_no,
                "password_hash": hashed,
                "phone": "0317-5" + demo.certificate_no[-6:] if demo.certificate_no else "",
            },
        )
        if created:
            domain = None if demo.role in COUNTY_WIDE_ROLES else agency.id
            await store_lines([role_line(user_subject(user.id), demo.role, domain)])
        if demo.head:
            await AgencyHead.get_or_create(
                agency_id=agency.id, defaults={"user_id": user.id, "appointed_on": date(2026, 1, 1)}
            )
        users[demo.username] = user
    return users
