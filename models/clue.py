"""R-B2: complaints and reports, and the clues passed on to the competent agency."""

from __future__ import annotations

from tortoise import fields

from models.agency import Agency
from models.base import Entity
from models.case import Case
from models.enums import ClueChannel, ClueStatus, ContactMethod
from models.matter import Matter
from models.officer import User


class Complainant(Entity):
    """Whoever complained. Contact details are sensitive, and only the agencies handling the clue may read them."""

    name = fields.CharField(max_length=100, default="")
    phone = fields.CharField(max_length=40, default="")
    address = fields.CharField(max_length=200, default="")
    email = fields.CharField(max_length=100, default="")

    class Meta:
        table = "complainant"

    @property
    def has_contact(self) -> bool:
        return bool(self.phone or self.address or self.email)


class Clue(Entity):
    number = fields.CharField(max_length=40, unique=True)  # registration number
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="clues", on_delete=fields.RESTRICT, db_index=True
    )
    agency_id: int
    channel = fields.CharEnumField(ClueChannel, max_length=16)
    complainant: fields.ForeignKeyNullableRelation[Complainant] = fields.ForeignKeyField(
        "models.Complainant", related_name="clues", null=True, on_delete=fields.SET_NULL, db_index=True
    )  # null: anonymous
    content = fields.TextField()
    complainant_id: int | None
    party_name = fields.CharField(max_length=200, default="")
    matter: fields.ForeignKeyNullableRelation[Matter] = fields.ForeignKeyField(
        "models.Matter", related_name="clues", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    matter_id: int | None
    status = fields.CharEnumField(ClueStatus, max_length=16, default=ClueStatus.REGISTERED, db_index=True)
    registered_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="clues_registered", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    registered_by_id: int | None
    received_at = fields.DatetimeField()
    accept_deadline = fields.DatetimeField(db_index=True)
    accepted_at = fields.DatetimeField(null=True)
    # Passing on (违法线索移送函)
    forwarded_to: fields.ForeignKeyNullableRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="clues_received", null=True, on_delete=fields.RESTRICT, db_index=True
    )
    forwarded_to_id: int | None
    letter_number = fields.CharField(max_length=40, null=True, unique=True)
    jurisdiction_basis = fields.TextField(default="")
    forwarded_at = fields.DatetimeField(null=True)
    # The complainant is told where the clue went, unless there is no contact.
    inform_deadline = fields.DatetimeField(null=True)
    complainant_told_at = fields.DatetimeField(null=True)
    complainant_told_method = fields.CharEnumField(ContactMethod, max_length=16, null=True)
    complainant_told_text = fields.TextField(default="")
    # The competent agency's result, reported back to the sender and to the complainant.
    result_text = fields.TextField(default="")
    result_at = fields.DatetimeField(null=True)
    feedback_at = fields.DatetimeField(null=True)
    feedback_method = fields.CharEnumField(ContactMethod, max_length=16, null=True)
    feedback_text = fields.TextField(default="")
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="clues", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    case_id: int | None

    class Meta:
        table = "clue"
