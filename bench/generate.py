"""Build a scale data set on PostgreSQL for the read benchmark.

    python -m bench.generate [--database-url URL] [--agencies 1000] [--cases 100000] [--matters 5000]
                             [--transfers 50000]

The run is repeatable: it creates the database when missing, drops and recreates the public schema, applies the
project's migrations, then loads every row with COPY (asyncpg `copy_records_to_table`). Rows are built as dicts keyed
by column name; the column list, NOT NULL checks and Python-side defaults come from the migrated table and the
Tortoise model, so a row that misses a required column fails before it reaches the database.

The shape of the data:

* one county government (the root) and N agencies under it: 30 % county departments, the rest townships, every
  eighth of those a sub-district office; the first department is the justice bureau, the root's designation office;
* matters, each owned by a county department, and a jurisdiction catalog (the department county-wide for every
  matter, plus a township for half of them);
* every `--staff-every`-th agency is staffed with two users (an officer and a leader), and only staffed agencies
  open and transfer cases; one hot township (the bench officer's) owns `--hot-share` of all cases;
* cases with 1–2 parties each, and transfers between agencies (10 % of the transferred cases were transferred
  twice: first withdrawn, then sent again) with two `TransferOfficer` rows each, both users of the sender;
* the logins `bench_supervisor` (role supervisor in the county government) and `bench_officer` (role officer in the
  hot township), with the password `bench-password`. Every bench user has that password.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from tortoise import Tortoise
from tortoise.models import Model
from tqdm import tqdm

import models
from models.enums import AgencyKind, CaseSource, CaseStatus, PartyKind, Role, Sex, TransferStatus
from permissions.credentials import hash_password
from permissions.defaults import COUNTY_WIDE_ROLES, default_policy_lines
from permissions.principal import user_subject
from permissions.roles import role_line

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/caselink_bench"
BENCH_PASSWORD = "bench-password"
SUPERVISOR_USERNAME = "bench_supervisor"
OFFICER_USERNAME = "bench_officer"

Row = dict[str, Any]

FIELDS = (
    "市场监管",
    "自然资源",
    "农业农村",
    "生态环境",
    "住房城乡建设",
    "交通运输",
    "水利",
    "卫生健康",
    "应急管理",
    "文化旅游",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰海燕晨阳鹏辉婷"
ORG_WORDS = ("海产", "建材", "物流", "食品", "农资", "养殖", "餐饮", "运输", "化工", "商贸", "机械", "石材")
TRANSFER_REASONS = (
    "经初步调查，该违法行为属于受移送机关的管辖范围。",
    "依据县级行政执法事项目录，该事项已由县级部门收回。",
    "案件涉及专业技术鉴定，超出本机关执法能力。",
)

# Case statuses a case that was never transferred ends up in, with their weights.
_UNTRANSFERRED_STATUSES: tuple[tuple[CaseStatus, int], ...] = (
    (CaseStatus.OPEN, 20),
    (CaseStatus.FILED, 30),
    (CaseStatus.SUSPENDED, 5),
    (CaseStatus.DECIDED, 20),
    (CaseStatus.CLOSED, 25),
)
# Status of the last (or only) transfer of a case.
_TRANSFER_STATUSES: tuple[tuple[TransferStatus, int], ...] = (
    (TransferStatus.DRAFT, 5),
    (TransferStatus.SENT, 10),
    (TransferStatus.RECEIVED, 10),
    (TransferStatus.ACCEPTED, 55),
    (TransferStatus.DISPUTED, 5),
    (TransferStatus.ESCALATED, 2),
    (TransferStatus.DESIGNATED, 3),
    (TransferStatus.WITHDRAWN, 10),
)
_SOURCES: tuple[tuple[CaseSource, int], ...] = (
    (CaseSource.PATROL, 50),
    (CaseSource.COMPLAINT, 30),
    (CaseSource.NOTICE, 10),
    (CaseSource.JOINT_ENFORCEMENT, 5),
    (CaseSource.OTHER, 5),
)
_SENT = frozenset(set(TransferStatus) - {TransferStatus.DRAFT})
_RECEIVED = frozenset(
    {
        TransferStatus.RECEIVED,
        TransferStatus.ACCEPTED,
        TransferStatus.DISPUTED,
        TransferStatus.ESCALATED,
        TransferStatus.DESIGNATED,
    }
)
_IN_FLIGHT = frozenset(
    {TransferStatus.SENT, TransferStatus.RECEIVED, TransferStatus.DISPUTED, TransferStatus.ESCALATED}
)
_TAKEN_OVER = frozenset({TransferStatus.ACCEPTED, TransferStatus.DESIGNATED})


@dataclass(frozen=True, slots=True)
class Options:
    database_url: str = DEFAULT_DATABASE_URL
    agencies: int = 1000
    cases: int = 100_000
    matters: int = 5000
    transfers: int = 50_000
    seed: int = 20261129
    batch_size: int = 10_000
    hot_share: float = 0.03
    staff_every: int = 4


@dataclass
class DataSet:
    """The rows of every table, in an order that satisfies the foreign keys."""

    tables: list[tuple[type[Model], list[Row]]] = field(default_factory=list)
    hot_township_id: int = 0
    root_id: int = 1

    def add(self, model: type[Model], rows: list[Row]) -> None:
        self.tables.append((model, rows))

    def count(self, model: type[Model]) -> int:
        return sum(len(rows) for m, rows in self.tables if m is model)


# --- building the rows -------------------------------------------------------------------------------------------


def _weighted(rng: random.Random, choices: Sequence[tuple[Any, int]]) -> Any:
    values = [value for value, _ in choices]
    weights = [weight for _, weight in choices]
    return rng.choices(values, weights=weights, k=1)[0]


def _person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))


def _phone(rng: random.Random) -> str:
    return f"1{rng.randint(30, 99)}{rng.randint(0, 99_999_999):08d}"


def _id_number(rng: random.Random, born: date, sex: Sex) -> str:
    serial = rng.randrange(0, 500) * 2 + (1 if sex is Sex.MALE else 0)
    return f"130983{born:%Y%m%d}{serial:03d}{rng.choice('0123456789X')}"


def _credit_code(prefix: str, number: int) -> str:
    code = f"{prefix}{number:0{18 - len(prefix)}d}"
    assert len(code) == 18, code
    return code


def build(options: Options, password_hash: str) -> DataSet:
    """Every row of the data set, deterministic for a given seed."""
    rng = random.Random(options.seed)
    data = DataSet()
    now = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    span_seconds = int((now - timedelta(days=10) - start).total_seconds())

    # Agencies: id 1 is the county government, 2 the justice bureau (its designation office), then the rest.
    n = max(options.agencies, 2)
    n_departments = max(1, n * 3 // 10)
    root_id, justice_id = 1, 2
    agencies: list[Row] = [
        {
            "id": root_id,
            "name": "基准县人民政府",
            "code": "基准县",
            "kind": AgencyKind.COUNTY_GOVERNMENT,
            "parent_id": None,
            "designation_office_id": justice_id,
            "credit_code": _credit_code("11130900", root_id),
            "address": "基准县政府路1号",
            "phone": "0317-5000000",
        }
    ]
    departments: list[int] = []
    townships: list[int] = []
    for i in range(1, n + 1):
        agency_id = i + 1
        if i <= n_departments:
            kind = AgencyKind.COUNTY_DEPARTMENT
            if agency_id == justice_id:
                name, code = "基准县司法局", "D0001"
            else:
                name, code = f"基准县{FIELDS[i % len(FIELDS)]}局第{i:04d}分局", f"D{i:04d}"
            departments.append(agency_id)
        elif i % 8 == 0:
            kind, name, code = AgencyKind.SUB_DISTRICT, f"第{i:04d}街道办事处", f"S{i:04d}"
            townships.append(agency_id)
        else:
            kind, name, code = AgencyKind.TOWNSHIP, f"第{i:04d}镇人民政府", f"T{i:04d}"
            townships.append(agency_id)
        agencies.append(
            {
                "id": agency_id,
                "name": name,
                "code": code,
                "kind": kind,
                "parent_id": root_id,
                "designation_office_id": None,
                "credit_code": _credit_code("11130900", agency_id),
                "address": f"{name}办公楼",
                "phone": f"0317-5{agency_id:06d}",
            }
        )
    if not townships:  # a tiny run: make the last department a township so the bench officer has a home
        tail = agencies[-1]
        tail["kind"], tail["name"], tail["code"] = AgencyKind.TOWNSHIP, "第0001镇人民政府", "T0001"
        departments.remove(tail["id"])
        townships.append(tail["id"])
    code_of = {row["id"]: row["code"] for row in agencies}
    is_township = {a: True for a in townships}
    hot_township = townships[0]
    data.hot_township_id, data.root_id = hot_township, root_id
    data.add(models.Agency, agencies)

    # Users: two per staffed agency (officer, leader), plus the two bench logins.
    staffed = [a for a in range(2, n + 2) if (a - 2) % options.staff_every == 0]
    if hot_township not in staffed:
        staffed.append(hot_township)
    users: list[Row] = []
    officers_of: dict[int, tuple[int, int]] = {}
    grants: list[tuple[int, Role, int]] = []

    def add_user(username: str, display: str, agency_id: int, role: Role, certified: bool) -> int:
        user_id = len(users) + 1
        users.append(
            {
                "id": user_id,
                "username": username,
                "display_name": display,
                "agency_id": agency_id,
                "certificate_no": f"BENCH{user_id:08d}" if certified else None,
                "phone": _phone(rng),
                "password_hash": password_hash,
                "is_active": True,
            }
        )
        grants.append((user_id, role, agency_id))
        return user_id

    for agency_id in staffed:
        first = add_user(f"bench_{agency_id}_1", _person_name(rng), agency_id, Role.OFFICER, True)
        second = add_user(f"bench_{agency_id}_2", _person_name(rng), agency_id, Role.LEADER, True)
        officers_of[agency_id] = (first, second)
    add_user(SUPERVISOR_USERNAME, "基准督察", root_id, Role.SUPERVISOR, False)
    add_user(OFFICER_USERNAME, "基准执法员", hot_township, Role.OFFICER, True)
    data.add(models.User, users)

    # Matters, each owned by a county department, and the jurisdiction catalog.
    matters: list[Row] = []
    jurisdictions: list[Row] = []
    effective = date(2024, 1, 1)
    for i in range(1, options.matters + 1):
        department = rng.choice(departments)
        field_name = FIELDS[i % len(FIELDS)]
        matters.append(
            {
                "id": i,
                "code": f"{i % len(FIELDS) + 1:02d}-{i:05d}",
                "name": f"对{field_name}领域第{i}项违法行为的行政处罚",
                "field": field_name,
                "legal_basis": f"《{field_name}管理条例》第{rng.randint(10, 90)}条",
                "department_id": department,
                "catalog_version": "2024",
                "effective_from": effective,
                "effective_to": None,
                "decision_days": 90,
            }
        )
        jurisdictions.append(
            {
                "id": len(jurisdictions) + 1,
                "matter_id": i,
                "agency_id": department,
                "territory_id": None,
                "basis": "县级部门全县管辖",
                "effective_from": effective,
            }
        )
        if i % 2 == 0:
            township = rng.choice(townships)
            jurisdictions.append(
                {
                    "id": len(jurisdictions) + 1,
                    "matter_id": i,
                    "agency_id": township,
                    "territory_id": township,
                    "basis": "赋权乡镇行使（冀政字〔2024〕号目录）",
                    "effective_from": effective,
                }
            )
    data.add(models.Matter, matters)
    data.add(models.Jurisdiction, jurisdictions)

    # Which cases are transferred, and how often: 10 % of the transferred cases twice.
    n_cases = options.cases
    n_transfers = min(options.transfers, 2 * n_cases)
    once = min(n_transfers - n_transfers // 10, n_cases)  # distinct transferred cases
    twice = n_transfers - once  # of which this many were transferred a second time
    transferred = rng.sample(range(1, n_cases + 1), once) if once else []
    transfer_count = dict.fromkeys(transferred, 1)
    for case_id in transferred[:twice]:
        transfer_count[case_id] = 2

    other_agencies = list(range(2, n + 2))
    cases: list[Row] = []
    parties: list[Row] = []
    transfers: list[Row] = []
    transfer_officers: list[Row] = []
    case_seq: dict[int, int] = defaultdict(int)
    doc_seq: dict[tuple[int, int], int] = defaultdict(int)
    party_id = 0

    def pick_receiver(sender: int) -> int:
        while True:
            pool = departments if is_township.get(sender) and rng.random() < 0.7 else other_agencies
            receiver = rng.choice(pool)
            if receiver != sender:
                return receiver

    for case_id in tqdm(range(1, n_cases + 1), desc="build cases", unit="case", unit_scale=True, file=sys.stderr):
        times = transfer_count.get(case_id, 0)
        if rng.random() < options.hot_share:
            origin = hot_township
        elif times:
            origin = rng.choice(staffed)
        else:
            origin = rng.choice(other_agencies)
        discovered = start + timedelta(seconds=rng.randrange(span_seconds))
        status: CaseStatus = _weighted(rng, _UNTRANSFERRED_STATUSES)
        owner = origin

        case_transfers: list[Row] = []
        last_status: TransferStatus | None = None
        for k in range(times):
            last = k == times - 1
            t_status: TransferStatus = _weighted(rng, _TRANSFER_STATUSES) if last else TransferStatus.WITHDRAWN
            receiver = pick_receiver(origin)
            decided = discovered + timedelta(days=3 + 20 * k, hours=rng.randint(0, 48))
            sent = decided + timedelta(days=rng.randint(0, 3)) if t_status in _SENT else None
            if t_status is TransferStatus.WITHDRAWN and rng.random() < 0.5:
                sent = None
            received = sent + timedelta(days=rng.randint(0, 3)) if sent and t_status in _RECEIVED else None
            accepted = received + timedelta(days=rng.randint(1, 7)) if received and t_status in _TAKEN_OVER else None
            document_number = None
            if sent is not None:
                doc_seq[(origin, sent.year)] += 1
                document_number = f"{code_of[origin]}移〔{sent.year}〕{doc_seq[(origin, sent.year)]}号"
            proposed = receiver if rng.random() < 0.95 else pick_receiver(origin)
            first_officer, second_officer = officers_of[origin]
            transfer_id = len(transfers) + 1
            case_transfers.append(
                {
                    "id": transfer_id,
                    "case_id": case_id,
                    "sender_id": origin,
                    "receiver_id": receiver,
                    "proposed_receiver_id": proposed,
                    "receiver_reason": "" if proposed == receiver else "受移送机关与目录建议不一致：案发地在其辖区",
                    "status": t_status,
                    "document_number": document_number,
                    "reason": rng.choice(TRANSFER_REASONS),
                    "investigation_summary": "现场检查发现涉嫌违法行为，已制作现场笔录并拍照固定证据。",
                    "urgent": rng.random() < 0.05,
                    "created_by_id": first_officer,
                    "approved_by_id": second_officer if sent else None,
                    "decided_at": decided,
                    "send_deadline": decided + timedelta(days=3),
                    "sent_at": sent,
                    "receipt_deadline": sent + timedelta(days=3) if sent else None,
                    "received_at": received,
                    "accept_deadline": received + timedelta(days=7) if received else None,
                    "accepted_at": accepted,
                    "withdrawn_at": decided + timedelta(days=5) if t_status is TransferStatus.WITHDRAWN else None,
                }
            )
            for officer, lead in ((first_officer, True), (second_officer, False)):
                transfer_officers.append(
                    {
                        "id": len(transfer_officers) + 1,
                        "transfer_id": transfer_id,
                        "officer_id": officer,
                        "is_lead": lead,
                    }
                )
            transfers.append(case_transfers[-1])
            last_status = t_status
            if last and t_status in _TAKEN_OVER:
                owner = receiver

        if last_status in _IN_FLIGHT:
            status = CaseStatus.TRANSFERRING
        elif last_status in _TAKEN_OVER:
            status = rng.choice((CaseStatus.OPEN, CaseStatus.FILED, CaseStatus.DECIDED, CaseStatus.CLOSED))
        elif last_status is TransferStatus.DRAFT:
            status = CaseStatus.OPEN

        filed = decided_at = closed = None
        if status in (CaseStatus.FILED, CaseStatus.SUSPENDED, CaseStatus.DECIDED, CaseStatus.CLOSED):
            filed = discovered + timedelta(days=rng.randint(1, 14))
        if status in (CaseStatus.DECIDED, CaseStatus.CLOSED) and filed is not None:
            decided_at = filed + timedelta(days=rng.randint(10, 85))
        if status is CaseStatus.CLOSED and decided_at is not None:
            closed = decided_at + timedelta(days=rng.randint(1, 30))
        case_seq[owner] += 1
        opened_by = officers_of[origin][0] if origin in officers_of else None
        territory = owner if is_township.get(owner) else (origin if is_township.get(origin) else rng.choice(townships))
        matter_id = rng.randint(1, options.matters) if options.matters else None
        cases.append(
            {
                "id": case_id,
                "number": f"{code_of[owner]}罚〔{discovered.year}〕{case_seq[owner]}号",
                "title": f"涉嫌{FIELDS[case_id % len(FIELDS)]}违法案（第{case_id}号）",
                "matter_id": matter_id,
                "agency_id": owner,
                "territory_id": territory,
                "source": CaseSource.TRANSFER if times and owner != origin else _weighted(rng, _SOURCES),
                "status": status,
                "facts": "当事人未经许可擅自从事经营活动，现场查获相关物品若干。",
                "urgent": rng.random() < 0.03,
                "opened_by_id": opened_by,
                "discovered_at": discovered,
                "filing_deadline": discovered + timedelta(days=15),
                "filed_at": filed,
                "decision_deadline": filed + timedelta(days=90) if filed else None,
                "decided_at": decided_at,
                "decision_summary": "责令改正，并处罚款人民币五千元。" if decided_at else "",
                "closed_at": closed,
            }
        )

        for _ in range(1 if rng.random() < 0.6 else 2):
            party_id += 1
            if rng.random() < 0.7:
                sex = rng.choice((Sex.MALE, Sex.FEMALE))
                born = date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28))
                party: Row = {
                    "kind": PartyKind.PERSON,
                    "name": _person_name(rng),
                    "id_number": _id_number(rng, born, sex),
                    "age": 2026 - born.year,
                    "sex": sex,
                    "credit_code": None,
                    "legal_representative": None,
                }
            else:
                party = {
                    "kind": PartyKind.ORGANISATION,
                    "name": f"基准县{rng.choice(ORG_WORDS)}有限公司{party_id}",
                    "id_number": None,
                    "age": None,
                    "sex": None,
                    "credit_code": _credit_code("91130983", party_id),
                    "legal_representative": _person_name(rng),
                }
            party.update(
                {
                    "id": party_id,
                    "case_id": case_id,
                    "address": f"基准县第{rng.randint(1, 999)}村",
                    "phone": _phone(rng),
                }
            )
            parties.append(party)

    data.add(models.Case, cases)
    data.add(models.Party, parties)
    data.add(models.Transfer, transfers)
    data.add(models.TransferOfficer, transfer_officers)
    _add_transfer_records(data, transfers, officers_of, random.Random(options.seed + 1))
    data.add(
        models.DocumentCounter,
        [
            {"id": i, "agency_id": agency_id, "doc_code": "移", "year": year, "value": value}
            for i, ((agency_id, year), value) in enumerate(sorted(doc_seq.items()), start=1)
        ],
    )
    # The default permissions, and role grants as `procedures.policies.grant_role` writes them:
    # `g, user:<id>, <role>, agency:<id>` (or `*` for the county-wide roles).
    lines = [("p", *line) for line in default_policy_lines()] + [
        role_line(user_subject(user_id), role, None if role in COUNTY_WIDE_ROLES else agency_id)
        for user_id, role, agency_id in grants
    ]
    data.add(
        models.PolicyRule,
        [
            {"id": i, "ptype": line[0], **{f"v{k}": value for k, value in enumerate(line[1:])}}
            for i, line in enumerate(lines, start=1)
        ],
    )
    return data


def _add_transfer_records(
    data: DataSet, transfers: list[Row], officers_of: dict[int, tuple[int, int]], rng: random.Random
) -> None:
    """What the transfer page of a front end shows beside the transfer: its timeline (an event per step, seen by
    sender and receiver), its item inventory and materials list, and the service receipt once received (signed by
    the receiver's officer where it has users). Its own random generator, so the rows before stay as they were."""
    events: list[Row] = []
    audience: list[Row] = []
    items: list[Row] = []
    materials: list[Row] = []
    receipts: list[Row] = []
    for transfer in transfers:
        sender, receiver, officer = transfer["sender_id"], transfer["receiver_id"], transfer["created_by_id"]
        steps = [("transfer.created", transfer["decided_at"], sender, officer)]
        steps += (
            [("transfer.sent", transfer["sent_at"], sender, transfer["approved_by_id"])] if transfer["sent_at"] else []
        )
        signer = officers_of.get(receiver, (None, None))[0]
        if transfer["received_at"]:
            steps.append(("transfer.received", transfer["received_at"], receiver, signer))
        if transfer["accepted_at"]:
            steps.append(("transfer.accepted", transfer["accepted_at"], receiver, signer))
        if transfer["withdrawn_at"]:
            steps.append(("transfer.withdrawn", transfer["withdrawn_at"], sender, officer))
        for kind, at, agency_id, actor in steps:
            event_id = len(events) + 1
            events.append({"id": event_id, "type": kind, "occurred_at": at, "actor_id": actor, "agency_id": agency_id,
                           "subject_type": "transfer", "subject_id": transfer["id"], "case_id": transfer["case_id"],
                           "payload": json.dumps({"status": kind.rpartition(".")[2]})})  # fmt: skip
            for seen_by in sorted({sender, receiver}):
                audience.append({"id": len(audience) + 1, "event_id": event_id, "agency_id": seen_by})
        for seq in range(1, rng.randint(1, 3) + 1):
            items.append({"id": len(items) + 1, "transfer_id": transfer["id"], "seq": seq,
                          "name": rng.choice(("涉案车辆", "渔具", "账簿", "样品", "工具")),
                          "quantity": f"{rng.randint(1, 20)} 件",
                          "features": "已拍照固定", "storage_place": "执法大队物证室",
                          "perishable": rng.random() < 0.1})  # fmt: skip
        for seq in range(1, rng.randint(1, 3) + 1):
            materials.append({"id": len(materials) + 1, "transfer_id": transfer["id"], "seq": seq,
                              "name": rng.choice(("现场检查笔录", "询问笔录", "现场照片", "物品清单")),
                              "specification": "A4", "quantity": rng.randint(1, 5), "is_evidence": True,
                              "is_original": True})  # fmt: skip
        if transfer["received_at"] and signer is not None:
            receipts.append({"id": len(receipts) + 1, "transfer_id": transfer["id"],
                             "document_number": transfer["document_number"], "recipient_agency_id": receiver,
                             "received_by_id": signer, "received_at": transfer["received_at"], "place": "受移送机关",
                             "method": "直接送达", "server_name": "移送机关执法人员"})  # fmt: skip
    data.add(models.Event, events)
    data.add(models.EventAudience, audience)
    data.add(models.TransferItem, items)
    data.add(models.TransferMaterial, materials)
    data.add(models.ServiceReceipt, receipts)


# --- loading ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    not_null: bool
    has_default: bool


def asyncpg_dsn(url: str, *, database: str | None = None) -> str:
    """A DSN asyncpg accepts, from a Tortoise URL (postgres://, asyncpg://, psql://), without Tortoise's options."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "asyncpg", "psql"):
        raise SystemExit(f"not a PostgreSQL URL: {url}")
    path = f"/{database}" if database is not None else parts.path
    return urlunsplit(("postgresql", parts.netloc, path, "", ""))


def database_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise SystemExit(f"unsupported database name {name!r}: use letters, digits and underscores")
    return name


async def reset_database(url: str) -> None:
    """Create the database if missing, then drop and recreate its public schema."""
    name = database_name(url)
    admin = await asyncpg.connect(asyncpg_dsn(url, database="postgres"))
    try:
        exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


async def apply_migrations(url: str) -> None:
    # server.database builds a default config from the environment when imported; with the default SQLite URL that
    # creates ./var, so point it at the bench database first.
    os.environ["CASELINK_DATABASE_URL"] = url
    from tortoise.migrations.api import migrate

    from server.database import tortoise_config

    try:
        await migrate(config=tortoise_config(url))
    finally:
        await Tortoise.close_connections()


async def seal_events(url: str) -> int:
    """Chain the loaded events as a server would (`procedures.audit.seal`), so that a spawned server does not spend
    its first minutes doing it while it is measured."""
    from procedures.audit import seal
    from server.database import tortoise_config

    await Tortoise.init(config=tortoise_config(url))
    try:
        return await seal(batch=20000)
    finally:
        await Tortoise.close_connections()


def python_defaults(model: type[Model]) -> dict[str, Any]:
    """Column name → the model's default (a value or a callable), for columns a row may leave out."""
    defaults: dict[str, Any] = {}
    for name, model_field in model._meta.fields_map.items():
        if model_field.default is not None:
            defaults[model_field.source_field or name] = model_field.default
    return defaults


async def table_columns(connection: Any, table: str) -> list[Column]:
    rows = await connection.fetch(
        """
        SELECT column_name, is_nullable = 'NO' AS not_null, column_default IS NOT NULL AS has_default
        FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = $1
        ORDER BY ordinal_position
        """,
        table,
    )
    if not rows:
        raise SystemExit(f"table {table!r} does not exist: did the migrations run?")
    return [Column(r["column_name"], r["not_null"], r["has_default"]) for r in rows]


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def to_records(
    model: type[Model], rows: list[Row], columns: list[Column], stamp: datetime
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The COPY column list and one tuple per row; raises when a NOT NULL column would get no value."""
    table = model._meta.db_table
    defaults = python_defaults(model)
    known = {column.name for column in columns}
    unknown = set(rows[0]) - known if rows else set()
    if unknown:
        raise SystemExit(f"{table}: no such columns {sorted(unknown)} (models and migrations out of step?)")
    used = [c for c in columns if not (c.has_default and rows and c.name not in rows[0])]
    # Per column: the value a row that leaves it out gets, and whether that is a factory to call.
    fallbacks: list[tuple[str, Any, bool]] = []
    for column in used:
        if column.name in ("created_at", "updated_at"):
            fallbacks.append((column.name, stamp, False))
        elif column.name in defaults:
            default = defaults[column.name]
            fallbacks.append((column.name, default, callable(default)))
        else:
            fallbacks.append((column.name, None, False))
    records = [
        tuple(
            _plain(row[name] if name in row else (fallback() if factory else fallback))
            for name, fallback, factory in fallbacks
        )
        for row in rows
    ]
    for index, column in enumerate(used):
        if column.not_null and not column.has_default:
            for record, row in zip(records, rows, strict=True):
                if record[index] is None:
                    raise SystemExit(f"{table}.{column.name} is NOT NULL, but this row gives no value: {row}")
    return [c.name for c in used], records


async def load(url: str, data: DataSet, batch_size: int) -> None:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        stamp = datetime.now(UTC)
        total = sum(len(rows) for _, rows in data.tables)
        with tqdm(total=total, unit="row", unit_scale=True, desc="copy", file=sys.stderr) as bar:
            async with connection.transaction():
                for model, rows in data.tables:
                    if not rows:
                        continue
                    table = model._meta.db_table
                    bar.set_description(f"copy {table}")
                    names, records = to_records(model, rows, await table_columns(connection, table), stamp)
                    for offset in range(0, len(records), batch_size):
                        batch = records[offset : offset + batch_size]
                        await connection.copy_records_to_table(table, records=batch, columns=names)
                        bar.update(len(batch))
                bar.set_description("copy: sequences")
                for model, rows in data.tables:
                    if rows:
                        table = model._meta.db_table
                        await connection.execute(
                            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                            f'(SELECT coalesce(max(id), 1) FROM "{table}"))'
                        )
        sys.stderr.write("vacuum analyze …\n")
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()


async def generate(options: Options) -> DataSet:
    started = time.perf_counter()
    sys.stderr.write(f"database: {options.database_url}\n")
    await reset_database(options.database_url)
    sys.stderr.write("schema reset; applying migrations …\n")
    await apply_migrations(options.database_url)
    migrated = time.perf_counter()
    sys.stderr.write(f"migrations applied in {migrated - started:.1f} s; building rows …\n")
    data = build(options, hash_password(BENCH_PASSWORD))
    built = time.perf_counter()
    sys.stderr.write(f"rows built in {built - migrated:.1f} s\n")
    await load(options.database_url, data, options.batch_size)
    loaded = time.perf_counter()
    sys.stderr.write(f"loaded in {loaded - built:.1f} s; sealing the events into the audit chain …\n")
    sealed = await seal_events(options.database_url)
    done = time.perf_counter()
    sys.stderr.write(f"sealed {sealed} events in {done - loaded:.1f} s; total {done - started:.1f} s\n")
    return data


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description="Build the benchmark data set.")
    defaults = Options()
    parser.add_argument("--database-url", default=defaults.database_url)
    parser.add_argument("--agencies", type=int, default=defaults.agencies, help="agencies under the county root")
    parser.add_argument("--cases", type=int, default=defaults.cases)
    parser.add_argument("--matters", type=int, default=defaults.matters)
    parser.add_argument("--transfers", type=int, default=defaults.transfers)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size, help="rows per COPY")
    parser.add_argument("--hot-share", type=float, default=defaults.hot_share, help="share of cases in one township")
    parser.add_argument("--staff-every", type=int, default=defaults.staff_every, help="staff every k-th agency")
    args = parser.parse_args(argv)
    if args.agencies < 2 or args.cases < 1 or args.matters < 1 or args.transfers < 0 or args.staff_every < 1:
        parser.error("need --agencies >= 2, --cases >= 1, --matters >= 1, --transfers >= 0, --staff-every >= 1")
    return Options(
        database_url=args.database_url,
        agencies=args.agencies,
        cases=args.cases,
        matters=args.matters,
        transfers=args.transfers,
        seed=args.seed,
        batch_size=args.batch_size,
        hot_share=args.hot_share,
        staff_every=args.staff_every,
    )


def main(argv: Sequence[str] | None = None) -> None:
    options = parse_args(argv)
    data = asyncio.run(generate(options))
    print(f"{'table':<18} {'rows':>9}")
    for model, rows in data.tables:
        print(f"{model._meta.db_table:<18} {len(rows):>9,}")
    print(f"logins: {SUPERVISOR_USERNAME} (supervisor, agency {data.root_id}), ", end="")
    print(f"{OFFICER_USERNAME} (officer, agency {data.hot_township_id}); password {BENCH_PASSWORD!r}")


if __name__ == "__main__":
    main()
