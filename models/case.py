"""Enforcement cases and their parties (当事人)."""

from __future__ import annotations

from tortoise import fields

from models.agency import Agency
from models.base import Entity
from models.enums import CaseSource, CaseStatus, PartyKind, Sex
from models.matter import Matter
from models.officer import User


class Case(Entity):
    number = fields.CharField(max_length=60, unique=True)  # case number of the owning agency
    title = fields.CharField(max_length=200)
    matter: fields.ForeignKeyNullableRelation[Matter] = fields.ForeignKeyField(
        "models.Matter", related_name="cases", null=True, on_delete=fields.RESTRICT, db_index=True
    )
    matter_id: int | None
    # The agency that holds the case now; it changes when a transfer is accepted or jurisdiction designated.
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="cases", on_delete=fields.RESTRICT, db_index=True
    )
    agency_id: int
    # Where the facts happened: the township or sub-district whose territory it is.
    territory: fields.ForeignKeyNullableRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="territory_cases", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    territory_id: int | None
    source = fields.CharEnumField(CaseSource, max_length=24, default=CaseSource.PATROL)
    status = fields.CharEnumField(CaseStatus, max_length=24, default=CaseStatus.OPEN, db_index=True)
    facts = fields.TextField(default="")
    urgent = fields.BooleanField(default=False)
    opened_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="opened_cases", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    opened_by_id: int | None
    discovered_at = fields.DatetimeField(db_index=True)
    filing_deadline = fields.DatetimeField(null=True)
    filed_at = fields.DatetimeField(null=True, db_index=True)
    decision_deadline = fields.DatetimeField(null=True, db_index=True)
    # The decision clock: extended once with the head's approval, stopped while suspended (hearing, testing, expert
    # opinion); the days it stood still are added back on resumption.
    extension_days = fields.IntField(default=0)
    suspended_at = fields.DatetimeField(null=True)
    suspension_reason = fields.TextField(default="")
    decided_at = fields.DatetimeField(null=True)
    decision_summary = fields.TextField(default="")
    closed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "case"
        # (agency, id) serves the read scope's page branches: an agency's first N cases in ID order.
        indexes = (("agency_id", "status"), ("agency_id", "id"))

    def __str__(self) -> str:
        return self.number


class Party(Entity):
    """A party to a case: a person or an organisation, with the fields of the transfer letter."""

    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="parties", on_delete=fields.CASCADE, db_index=True
    )
    case_id: int
    kind = fields.CharEnumField(PartyKind, max_length=16)
    name = fields.CharField(max_length=200)
    # A person
    id_number = fields.CharField(max_length=18, null=True)  # 身份证号: sensitive
    age = fields.IntField(null=True)
    sex = fields.CharEnumField(Sex, max_length=8, null=True)
    # An organisation
    credit_code = fields.CharField(max_length=18, null=True)  # 统一社会信用代码
    legal_representative = fields.CharField(max_length=64, null=True)
    address = fields.CharField(max_length=200, default="")
    phone = fields.CharField(max_length=40, default="")

    class Meta:
        table = "party"
